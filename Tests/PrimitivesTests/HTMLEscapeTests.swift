import Testing
import Primitives

@Suite struct HTMLEscapeTests {
    @Test func base64PassesUntouchedAndMarkupIsEscaped() {
        let base64 = "PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm46b2FzaXM+Lz0="
        #expect(HTMLEscape.escape(base64) == base64)
        #expect(HTMLEscape.escape(#"a"b'c<d>e&f"#) == "a&quot;b&#39;c&lt;d&gt;e&amp;f")
        #expect(HTMLEscape.escape("rs-Ok 42 é") == "rs-Ok 42 é")
    }
}
