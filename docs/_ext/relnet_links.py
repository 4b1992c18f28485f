"""Link inline code that names a public relnet function (``rn.brokerage``,
``rn.reciprocity(g, mode=)``) to its API page.

The guide is plain Markdown that reads well on the repository host, where ``rn.x`` is just
code; in the built site every such mention becomes a link to ``generated/relnet.x``. Only
names in ``relnet.__all__`` are linked, so a typo stays plain code (and the page's doctests
catch it when it is executed).
"""

from __future__ import annotations

import re

from docutils import nodes

import relnet

_NAME = re.compile(r"^rn\.([A-Za-z_]\w*)")


def link_public_names(app, doctree, docname) -> None:  # noqa: ANN001 (Sphinx callback)
    public = set(relnet.__all__)
    for literal in list(doctree.findall(nodes.literal)):
        if isinstance(literal.parent, nodes.reference):
            continue
        match = _NAME.match(literal.astext())
        if not match or match.group(1) not in public:
            continue
        target = f"generated/relnet.{match.group(1)}"
        if target == docname:
            continue
        uri = app.builder.get_relative_uri(docname, target)
        ref = nodes.reference("", "", internal=True, refuri=uri)
        literal.replace_self(ref)
        ref += literal


def readme_for_site(text: str) -> str:
    """README.md as a page of the site: ``docs/x.md`` links become ``x.md`` (images too);
    links to other repository files, outside the site, become plain text naming the file;
    web links and anchors stay.

    >>> readme_for_site("[Guide](docs/guide/index.md), ![v](docs/images/a.png), [B](BENCH.md)")
    '[Guide](guide/index.md), ![v](images/a.png), B (`BENCH.md` in the repository)'
    """

    def relink(match: re.Match) -> str:
        bang, label, target = match.group(1), match.group(2), match.group(3)
        if re.match(r"^[a-z]+:|^#", target):
            return match.group(0)
        if target.startswith("docs/"):
            return f"{bang}[{label}]({target[len('docs/') :]})"
        return f"{label} (`{target}` in the repository)"

    return re.sub(r"(!?)\[([^\]]*)\]\(([^)\s]+)\)", relink, text)


def setup(app):  # noqa: ANN001, ANN201 (Sphinx extension entry point)
    app.connect("doctree-resolved", link_public_names)
    return {"version": "1", "parallel_read_safe": True}
