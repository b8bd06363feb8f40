import Foundation
import SesameTestSupport
import Testing
@testable import Messaging

/// Pure encoders and parsers, checked on their exact output.
@Suite struct MessageFormatTests {
    @Test func quotedPrintableKeepsLinesShortAndEscapes() {
        let long = String(repeating: "é", count: 60) + " = fin "
        let encoded = QuotedPrintable.encode(long + "\nsecond")
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.count <= 76 })
        #expect(lines.dropLast().allSatisfy { $0.hasSuffix("=") || $0.hasSuffix("=20") })
        #expect(encoded.contains("=C3=A9"))
        #expect(encoded.contains(" =3D fin=20\r\nsecond"))
        #expect(encoded.unicodeScalars.allSatisfy { $0.isASCII })
    }

    @Test func encodedWordsSplitOnCharacters() {
        let subject = String(repeating: "Réinitialisation ", count: 6)
        let encoded = EncodedWord.encode(subject)
        let words = encoded.components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        var bytes = Data()
        for word in words {
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?=") && word.count <= 75)
            let payload = Data(base64Encoded: String(word.dropFirst(10).dropLast(2)))!
            #expect(String(data: payload, encoding: .utf8) != nil, "no UTF-8 sequence is cut")
            bytes.append(payload)
        }
        #expect(String(decoding: bytes, as: UTF8.self) == subject)
    }

    @Test func dotStuffing() {
        #expect(DotStuffing.stuff("a\r\n.\r\n.b\r\n") == "a\r\n..\r\n..b\r\n.\r\n")
    }

    @Test func multiLineReplies() throws {
        var parser = SMTPReplyParser()
        #expect(try parser.consume(line: Array("250-mail.example greets you".utf8)) == .needMore)
        #expect(try parser.consume(line: Array("250-STARTTLS".utf8)) == .needMore)
        let result = try parser.consume(line: Array("250 AUTH PLAIN login".utf8))
        guard case .reply(let reply) = result else { Issue.record("no reply"); return }
        #expect(reply.code == 250)
        #expect(reply.extensions == ["STARTTLS": [], "AUTH": ["PLAIN", "LOGIN"]])
        #expect(try parser.consume(line: Array("221".utf8)) == .reply(SMTPReply(code: 221, lines: [""])))
    }

    @Test(arguments: ["25O ok", "ok", "250-a", "999 no"])
    func malformedRepliesAreRejected(line: String) throws {
        var parser = SMTPReplyParser()
        if line == "250-a" {
            _ = try parser.consume(line: Array(line.utf8))
            #expect(throws: MessagingError.self) { try parser.consume(line: Array("251 b".utf8)) }
        } else {
            #expect(throws: MessagingError.self) { try parser.consume(line: Array(line.utf8)) }
        }
    }

    @Test func jsonEscaping() {
        #expect(JSONBodyTemplate.escape("a\"b\\c\nd\u{1}é") == "a\\\"b\\\\c\\nd\\u0001é")
    }

    @Test(arguments: ["", "a", "a@", "@b.fr", "a b@c.fr", "a..b@c.fr", "é@c.fr", "a@-c.fr", "a@c..fr", "<a@c.fr>"])
    func badAddressesAreRefused(address: String) {
        #expect(throws: MessagingError.self) { try EmailAddress(address) }
    }

    @Test func errorsSeparateUserAndLogMessages() {
        let error = MessagingError.serverRejected(command: "RCPT TO", code: 550, reply: "mailbox unavailable")
        #expect(error.logMessage == "SMTP server rejected RCPT TO: 550 mailbox unavailable")
        #expect(!error.userMessage.contains("550"))
        #expect(MessagingError.headerInjection(field: "subject").logMessage.contains("subject"))
    }
}
