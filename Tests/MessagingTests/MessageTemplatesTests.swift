import Foundation
import SesameTestSupport
import Testing
@testable import Messaging

@Suite struct MessageTemplatesTests {
    let templates = MessageTemplates()
    let hostile = "<script>alert(\"x\")</script> & 'Zoé'"

    @Test func smsWording() {
        #expect(templates.confirmationCodeSMS(code: "123456")
                == "Sesame : votre code de confirmation est 123456. Il est valable 30 minutes.")
        #expect(templates.passwordResetCodeSMS(code: "654321", validityMinutes: 15).contains("654321"))
        #expect(templates.passwordResetCodeSMS(code: "654321", validityMinutes: 15).contains("15 minutes"))
        #expect(templates.lostIdentifierSMS(identifier: "zoe.lefevre") == "Sesame : votre identifiant est zoe.lefevre.")
    }

    @Test func everyEmailEscapesItsHTML() {
        let link = URL(string: "https://sesame.example/r?a=1&b=<2>")!
        let contents = [
            templates.lostIdentifierEmail(displayName: hostile, identifier: hostile, loginURL: link),
            templates.passwordResetLinkEmail(displayName: hostile, link: link),
            templates.emailValidationLinkEmail(displayName: hostile, link: link),
            templates.provisionalCredentialsEmail(displayName: hostile, identifier: hostile,
                                                  provisionalPassword: "p<a>ss&\"w'", loginURL: link),
        ]
        for content in contents {
            #expect(!content.html.contains("<script>"))
            #expect(content.html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Zoé&#39;"))
            #expect(!content.html.contains("b=<2>"))
            // The text part keeps the raw characters: it is not HTML.
            #expect(content.text.contains(hostile))
            #expect(content.subject.hasPrefix("Sesame : "))
        }
        #expect(contents[3].html.contains("<strong>p&lt;a&gt;ss&amp;&quot;w&#39;</strong>"))
    }

    @Test func provisionalCredentialsSayThreeMonths() {
        let content = templates.provisionalCredentialsEmail(displayName: "Camille Martin", identifier: "camille.martin",
                                                            provisionalPassword: "Xk7-pq2", loginURL: URL(string: "https://sesame.example")!)
        #expect(content.subject == "Sesame : vos identifiants de connexion")
        #expect(content.text.hasPrefix("Bonjour Camille Martin,\n"))
        #expect(content.text.contains("Identifiant : camille.martin"))
        #expect(content.text.contains("Mot de passe provisoire : Xk7-pq2"))
        #expect(content.text.contains("valable 3 mois"))
    }

    @Test func nonWebLinksAreNotClickable() {
        let content = templates.passwordResetLinkEmail(displayName: nil, link: URL(string: "javascript:alert(1)")!)
        #expect(!content.html.contains("href"))
        #expect(content.text.hasPrefix("Bonjour,\n"))
    }
}
