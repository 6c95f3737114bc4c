/// A small writer of one self-contained HTML page: every text it is given
/// is escaped; only SVG it made itself goes in as it is.
struct HTMLPage {
    let language: ReportLanguage
    private(set) var text = ""

    init(language: ReportLanguage) { self.language = language }

    static let style = """
        body{font-family:Helvetica,Arial,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#111;line-height:1.4}
        h1{font-size:1.6em;margin-bottom:.2em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
        .subtitle{color:#555;margin-top:0}dl{display:grid;grid-template-columns:max-content 1fr;gap:.3em 1em}
        dt{font-weight:bold}dd{margin:0}table{border-collapse:collapse;margin:1em 0;font-size:.9em}
        th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}td.n{text-align:right}
        table.stress td{text-align:center;min-width:2.6em}figure{margin:1.5em 0}svg{max-width:100%;height:auto}
        details{margin:1em 0}@media print{details{display:block}h2{page-break-before:auto}}
        """

    mutating func open(title: String) {
        text += "<!DOCTYPE html>\n<html lang=\"\(language.rawValue)\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            // No scripts and no fetches: a policy that says so to the browser too.
            + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
            + "<title>\(XMLText.escape(title))</title>\n<style>\(Self.style)</style>\n</head>\n<body>\n"
            + "<h1>\(XMLText.escape(title))</h1>\n"
    }

    mutating func close() { text += "</body>\n</html>\n" }

    mutating func section(_ title: String, id: String) {
        text += "<section id=\"\(XMLText.escape(id))\">\n<h2>\(XMLText.escape(title))</h2>\n"
    }

    mutating func endSection() { text += "</section>\n" }

    mutating func heading(_ title: String, level: Int) { text += "<h\(level)>\(XMLText.escape(title))</h\(level)>\n" }

    mutating func paragraph(_ content: String, cssClass: String? = nil) {
        text += "<p\(cssClass.map { " class=\"\($0)\"" } ?? "")>\(XMLText.escape(content))</p>\n"
    }

    mutating func list(_ items: [String]) {
        guard !items.isEmpty else { return }
        text += "<ul>\n" + items.map { "<li>\(XMLText.escape($0))</li>\n" }.joined() + "</ul>\n"
    }

    mutating func definitions(_ items: [(label: String, text: String)]) {
        guard !items.isEmpty else { return }
        text += "<dl>\n" + items.map { "<dt>\(XMLText.escape($0.label))</dt><dd>\(XMLText.escape($0.text))</dd>\n" }.joined() + "</dl>\n"
    }

    /// A table; columns from `numericFrom` on are right-aligned.
    mutating func table(header: [String], rows: [[String]], numericFrom: Int = .max) {
        text += "<table>\n<thead><tr>" + header.map { "<th>\(XMLText.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows {
            text += "<tr>" + row.enumerated().map { i, cell in
                "<td\(i >= numericFrom ? " class=\"n\"" : "")>\(XMLText.escape(cell))</td>"
            }.joined() + "</tr>\n"
        }
        text += "</tbody>\n</table>\n"
    }

    mutating func details(summary: String, _ content: (inout HTMLPage) -> Void) {
        text += "<details><summary>\(XMLText.escape(summary))</summary>\n"
        content(&self)
        text += "</details>\n"
    }

    /// An SVG made by this package's charts (they escape what they show).
    mutating func figure(_ svg: String) { text += "<figure>\n\(svg)</figure>\n" }

    /// Markup made by the report itself, with its texts escaped already.
    mutating func raw(_ html: String) { text += html + "\n" }
}
