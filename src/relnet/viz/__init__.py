"""Views: offline HTML network views (:func:`relnet.to_html`), static figures
(:func:`relnet.plot_network`) and the HTML report (:func:`relnet.report`, its tables from
:func:`relnet.report_data`).

Every page works offline from ``file://`` on a closed hospital network: scripts, styles and
images are inline, except that the views of one report folder share one local copy of
vis-network; every string taken from the data is escaped.
"""
