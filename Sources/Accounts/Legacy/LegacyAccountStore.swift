import Foundation
import Primitives

/// Persistence of the legacy transition. Every call commits before returning.
public protocol LegacyAccountStore: Sendable {
    /// Pupils, guardians and legal links, for matching an import.
    func legacyDirectory() async throws -> LegacyDirectory
    /// Keys (see `LegacyAccount.key`) of every legacy login already imported.
    func legacyLoginKeys() async throws -> Set<String>
    /// Inserts the rows in one transaction (all or none). A row whose login
    /// is already there is skipped; returns the keys actually inserted.
    func importLegacyAccounts(_ rows: [LegacyAccount]) async throws -> Set<String>
    func legacyAccount(login: String) async throws -> LegacyAccount?
    /// A stored hash of the most common scheme, so an unknown login costs
    /// what a known one costs; nil when nothing was imported.
    func legacyReferenceHash() async throws -> String?
    /// In one transaction: switches the legacy credentials off and gives the
    /// account its new password, activated. Nil when the legacy account had
    /// already moved (a second tab, a replay): nothing is changed then.
    func completeLegacyMove(legacyID: Int64, passwordHash: String, at: Date) async throws -> Account?
    /// False when the transition had already ended there (the first decision stays).
    func endTransition(_ uai: UAI, by: String, at: Date) async throws -> Bool
    func transitionEnds() async throws -> [TransitionEnd]
    /// Imported and moved counts for every establishment with legacy accounts.
    func legacyStatus() async throws -> [LegacyEstablishmentStatus]
}
