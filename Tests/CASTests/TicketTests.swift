import Foundation
import Testing
@testable import CAS

@Suite struct TicketGenerationTests {
    @Test(arguments: TicketKind.allCases)
    func prefixAndLength(kind: TicketKind) {
        let ticket = TicketGenerator.generate(kind)
        #expect(ticket.value.hasPrefix(kind.prefix))
        #expect(ticket.kind == kind)
        #expect(ticket.body.count == 32)
        #expect(ticket.value.utf8.allSatisfy(TicketFormat.isBodyByte))
        #expect(!ticket.body.contains("-"))
    }

    @Test func spellsTheSpecPrefixes() {
        #expect(TicketKind.allCases.map(\.prefix) == ["ST-", "PT-", "PGT-", "PGTIOU-", "TGT-"])
    }

    @Test func lengthIsClampedToSpecBounds() {
        #expect(TicketGenerator.generate(.service, bodyLength: 5).body.count == 32)
        let long = TicketGenerator.generate(.proxyGrantingIOU, bodyLength: 10_000)
        #expect(long.value.count == 256)
        #expect(TicketGenerator.generate(.service, bodyLength: 64).value.count == 67)
    }

    @Test func tenThousandAreUniqueAndUseTheWholeAlphabet() {
        var seen = Set<String>()
        var counts = [Character: Int]()
        for _ in 0..<10_000 {
            let ticket = TicketGenerator.generate(.service)
            seen.insert(ticket.value)
            for character in ticket.body { counts[character, default: 0] += 1 }
        }
        #expect(seen.count == 10_000)
        #expect(Set(counts.keys) == Set(TicketFormat.alphabet))
        // 320,000 draws over 62 symbols: about 5,161 each. A biased or
        // truncated generator falls far outside ±15 %.
        let expected = 320_000.0 / 62.0
        for (character, count) in counts {
            #expect(abs(Double(count) - expected) < expected * 0.15, "\(character): \(count)")
        }
    }

    @Test func everyGeneratedTicketParses() throws {
        for kind in TicketKind.allCases {
            let ticket = TicketGenerator.generate(kind)
            #expect(try Ticket.parse(ticket.value, as: kind) == ticket)
        }
    }

    @Test func injectedGeneratorIsUsed() {
        var a = SplitMix(seed: 7), b = SplitMix(seed: 7), c = SplitMix(seed: 8)
        let x = TicketGenerator.generate(.service, using: &a)
        #expect(x == TicketGenerator.generate(.service, using: &b))
        #expect(x != TicketGenerator.generate(.service, using: &c))
    }
}

@Suite struct TicketLifetimeTests {
    @Test func serviceTicketsLastTenSecondsByDefault() {
        let lifetimes = TicketLifetimes.default
        let issued = Fixture.date
        #expect(lifetimes.expiry(of: .service, issuedAt: issued) == issued.addingTimeInterval(10))
        #expect(!lifetimes.isExpired(.service, issuedAt: issued, now: issued.addingTimeInterval(9.999)))
        #expect(lifetimes.isExpired(.service, issuedAt: issued, now: issued.addingTimeInterval(10)))
        #expect(lifetimes.lifetime(of: .proxyGranting) > lifetimes.lifetime(of: .service))
    }

    @Test func lifetimesAreConfigurable() {
        let lifetimes = TicketLifetimes(serviceTicket: .milliseconds(2500))
        #expect(lifetimes.expiry(of: .service, issuedAt: Fixture.date) == Fixture.date.addingTimeInterval(2.5))
        #expect(lifetimes.proxyTicket == .seconds(10))
    }
}

/// A deterministic generator for tests (SplitMix64).
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
