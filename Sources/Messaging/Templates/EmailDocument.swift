import Foundation
import Primitives

/// An e-mail written once as paragraphs of segments and rendered to both
/// plain text and HTML, so the two parts always say the same thing and every
/// piece of text is escaped in one place.
struct EmailDocument {
    enum Segment {
        case text(String)
        case strong(String)
        case link(URL)
    }

    var subject: String
    var paragraphs: [[Segment]]

    func render() -> EmailContent {
        let text = paragraphs.map { $0.map(Self.plain).joined() }.joined(separator: "\n\n") + "\n"
        let body = paragraphs.map { "<p>" + $0.map(Self.html).joined() + "</p>" }.joined(separator: "\n")
        let html = """
        <!DOCTYPE html>
        <html lang="fr">
        <head><meta charset="utf-8"><title>\(HTMLEscape.escape(subject))</title></head>
        <body style="font-family: sans-serif; line-height: 1.5;">
        \(body)
        </body>
        </html>
        """
        return EmailContent(subject: subject, text: text, html: html + "\n")
    }

    private static func plain(_ segment: Segment) -> String {
        switch segment {
        case .text(let value), .strong(let value): return value
        case .link(let url): return url.absoluteString
        }
    }

    private static func html(_ segment: Segment) -> String {
        switch segment {
        case .text(let value): return HTMLEscape.escape(value)
        case .strong(let value): return "<strong>" + HTMLEscape.escape(value) + "</strong>"
        case .link(let url):
            let shown = HTMLEscape.escape(url.absoluteString)
            // Only web links become clickable; anything else stays inert text.
            guard ["https", "http"].contains(url.scheme?.lowercased() ?? "") else { return shown }
            return "<a href=\"\(shown)\">\(shown)</a>"
        }
    }
}
