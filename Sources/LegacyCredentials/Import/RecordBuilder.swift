/// Turns raw entries into records, collecting every problem instead of
/// stopping at the first, and refusing duplicate logins across the file.
struct RecordBuilder {
    let mapping: LegacyFieldMapping
    let limits: ImportLimits
    let hashLimits: LegacyHashLimits

    private(set) var records: [LegacyRecord] = []
    private(set) var problems: [ImportProblem] = []
    /// Lowercased login → line of first occurrence. LDAP `uid` matching is
    /// case-insensitive, so "Dupont" and "dupont" are the same account.
    private var firstLineByLogin: [String: Int] = [:]
    private var acceptedCount = 0

    init(mapping: LegacyFieldMapping, limits: ImportLimits, hashLimits: LegacyHashLimits) {
        self.mapping = mapping
        self.limits = limits
        self.hashLimits = hashLimits
    }

    /// False once reading should stop (too many records or problems).
    var canContinue: Bool {
        acceptedCount <= limits.maximumRecords && problems.count <= limits.maximumProblems
    }

    mutating func report(_ problem: ImportProblem) {
        problems.append(problem)
    }

    mutating func add(_ entry: RawEntry) {
        acceptedCount += 1
        guard acceptedCount <= limits.maximumRecords else {
            report(ImportProblem(line: entry.line, .limitExceeded(.recordCount(limits.maximumRecords))))
            return
        }
        let before = problems.count
        let login = single(mapping.login, in: entry, required: true)
        let familyName = single(mapping.familyName, in: entry, required: true)
        let firstName = single(mapping.firstName, in: entry, required: true)
        let hashValue = single(mapping.passwordHash, in: entry, required: true)
        let email = mapping.email.flatMap { single($0, in: entry, required: false) }
        let pupil = mapping.linkedPupilID.flatMap { single($0, in: entry, required: false) }
        let role = mapping.role.flatMap { single($0, in: entry, required: false) }

        var hash: LegacyPasswordHash?
        if let hashValue {
            do throws(LegacyHashError) {
                hash = try LegacyPasswordHash(parsing: hashValue.text, limits: hashLimits)
            } catch {
                report(ImportProblem(line: hashValue.line, .invalidHash(field: mapping.passwordHash, error)))
            }
        }

        var birthDate: LegacyBirthDate?
        if let field = mapping.birthDate, let value = single(field, in: entry, required: false) {
            birthDate = LegacyBirthDate(parsing: value.text)
            if birthDate == nil { report(ImportProblem(line: value.line, .invalidDate(field: field, value: value.text))) }
        }

        if let login {
            let key = login.text.lowercased()
            if let firstLine = firstLineByLogin[key] {
                report(ImportProblem(line: entry.line, .duplicateLogin(login.text, firstLine: firstLine)))
            } else {
                firstLineByLogin[key] = entry.line
            }
        }

        guard problems.count == before, let login, let familyName, let firstName, let hash else { return }
        records.append(LegacyRecord(
            login: login.text, familyName: familyName.text, firstName: firstName.text, birthDate: birthDate,
            linkedPupilID: pupil?.text, email: email?.text, role: role?.text, passwordHash: hash, line: entry.line))
    }

    /// All records, or every problem (capped, with a closing note when capped).
    func result() -> Result<[LegacyRecord], ImportFailure> {
        guard !problems.isEmpty else { return .success(records) }
        // Line order, ties kept in discovery order, reads best for a person.
        let ordered = problems.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
        guard ordered.count > limits.maximumProblems else { return .failure(ImportFailure(problems: ordered)) }
        let kept = Array(ordered.prefix(limits.maximumProblems))
        let note = ImportProblem(line: kept.last?.line ?? 0, .limitExceeded(.problemCount(limits.maximumProblems)))
        return .failure(ImportFailure(problems: kept + [note]))
    }

    /// The one trimmed, non-empty value of `field`; reports a missing
    /// required value or a repeated one.
    private mutating func single(_ field: String, in entry: RawEntry, required: Bool) -> RawEntry.Value? {
        let values = entry.values(field)
            .map { RawEntry.Value(text: $0.text.trimmingASCIIWhitespace(), line: $0.line) }
            .filter { !$0.text.isEmpty }
        if values.count > 1 {
            report(ImportProblem(line: values[1].line, .repeatedField(field)))
            return nil
        }
        if values.isEmpty, required { report(ImportProblem(line: entry.line, .missingField(field))) }
        return values.first
    }
}
