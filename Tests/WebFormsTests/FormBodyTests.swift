import Foundation
import Primitives
import Testing
import WebForms

@Suite struct FormBodyTests {
    func parse(_ text: String) throws(FormBody.Refusal) -> [String: String] { try FormBody.parse(Array(text.utf8)) }

    @Test func readsFieldsWithSpacesAndAccents() throws {
        let fields = try parse("nom=Dupont+L%C3%A9a&vide=&seul")
        #expect(fields == ["nom": "Dupont Léa", "vide": "", "seul": ""])
    }

    @Test func aRepeatedFieldCannotOverrideTheFirst() throws {
        #expect(try parse("next=%2Fcompte&next=https%3A%2F%2Fevil.example")["next"] == "/compte")
    }

    @Test func tooManyFieldsAreRefused() {
        let body = (0...FormBody.maxFields).map { "f\($0)=x" }.joined(separator: "&")
        #expect(throws: FormBody.Refusal.tooManyFields) { try parse(body) }
    }

    @Test func brokenEscapesInvalidUTF8AndControlCharactersAreRefused() {
        for body in ["a=%4", "a=%G1", "a=%", "a=%C3%28", "a=%00", "a=%1B", "a=%7F", "%ZZ=1"] {
            #expect(throws: FormBody.Refusal.badEncoding, "\(body)") { try parse(body) }
        }
    }

    @Test func lineEndsAndTabsAreKept() throws {
        #expect(try parse("message=a%0D%0Ab%09c")["message"] == "a\r\nb\tc")
    }

    @Test func encodeThenDecodeGivesTheTextBack() throws {
        for text in ["", "é à ç", "a&b=c+d%e", "p.dupont10", "😀 ok"] {
            #expect(try parse("v=" + PercentEncoding.encode(text))["v"] == text)
        }
    }
}

@Suite struct MultipartFormTests {
    let type = "multipart/form-data; boundary=XyZ"

    func body(_ parts: String...) -> Data { Data((parts.joined() + "--XyZ--\r\n").utf8) }

    @Test func readsFieldsAndFiles() throws {
        let data = body("--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nabc\r\n",
                        "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"ElevesSansAdresses.xml\"\r\nContent-Type: text/xml\r\n\r\n<x/>\r\n")
        let form = try #require(MultipartForm(body: data, contentType: type))
        #expect(form.value("csrf") == "abc")
        #expect(form.parts.count == 2 && form.parts[1].filename == "ElevesSansAdresses.xml")
        #expect(form.parts[1].data == Data("<x/>".utf8))
    }

    @Test func malformedBodiesAreRefused() {
        #expect(MultipartForm(body: Data("no delimiter".utf8), contentType: type) == nil)
        #expect(MultipartForm(body: Data("--XyZ\r\nContent-Disposition: form-data\r\n\r\nx\r\n--XyZ--".utf8), contentType: type) == nil)
        #expect(MultipartForm(body: Data("--XyZ\r\n\r\n".utf8), contentType: type) == nil)
        #expect(MultipartForm(body: Data(), contentType: "text/plain") == nil)
        #expect(MultipartForm(body: Data(), contentType: "multipart/form-data; boundary=" + String(repeating: "a", count: 71)) == nil)
    }
}
