"""Views: offline HTML network views (:func:`relnet.to_html`) and the HTML report
(:func:`relnet.report`).

Every page is self-contained: scripts, styles and images are inline, so it opens from
``file://`` on a closed hospital network, and every string taken from the data is escaped.
"""
