import BailanysCore

/// Writes CSV that `Importer` reads back to the same directory: the canonical column names of `Fields`,
/// comma-delimited, RFC 4180 quoting, CRLF line ends, UTF-8 without BOM.
public struct CSVWriter {
    public let includeSensitive: Bool
    /// People columns left empty because the export holds them back (the public directory's yes/no
    /// fields): an empty cell keeps the stored value on re-import, where a written "no" would overwrite it.
    public var withheld: Set<String> = []
    /// People whose sensitive columns stay empty in an export that has them (outside the exporter's reach).
    public var withholdsSensitive: (Person) -> Bool = { _ in false }
    /// Bailanys id → the reference other rows use: the external id, else the Bailanys id (P12).
    var references: [EntityID: String] = [:]

    public init(includeSensitive: Bool) { self.includeSensitive = includeSensitive }

    public static func reference(_ id: EntityID, externalID: String?) -> String { externalID ?? id.description }

    /// One cell: unsafe characters dropped, formula triggers neutralised (`SpreadsheetCell`), quoted when needed.
    static func field(_ raw: String) -> String {
        let text = SpreadsheetCell.neutralised(ExportText.clean(raw))
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" })
                || text.first == " " || text.last == " " else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// One CSV record, its fields cleaned and quoted as `field` does, ended by CRLF.
    public static func row(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\r\n" }

    static func yesNo(_ value: Bool) -> String { value ? "yes" : "no" }

    func header(_ kind: RecordKind) -> String {
        Self.row(Fields.specs(kind).filter { includeSensitive || !$0.sensitive }.map(\.name))
    }

    /// People rows handed to `write` a few hundred at a time.
    public func people(_ people: [Person], to write: (String) throws -> Void) rethrows {
        var out = ChunkedOutput()
        try out.add(header(.people), to: write)
        for p in people {
            func contact(_ kind: ContactKind) -> [String] {
                // No contact shown, no consent either: a "no" beside a withheld private one named it (review), and an
                // empty cell keeps the stored value when the file comes back.
                guard let c = p.contacts.first(where: { $0.kind == kind }) else { return ["", ""] }
                return [c.value, Self.yesNo(c.shared)]
            }
            var fields = [Self.reference(p.id, externalID: p.externalID), p.fullName, p.gender?.rawValue ?? "",
                          p.birthYear.map(String.init) ?? "", p.roles.sorted().map(\.rawValue).joined(separator: ";"), p.settlement]
            fields += contact(.phone) + contact(.email) + contact(.telegram)
            fields += [p.languages.joined(separator: ";"), p.interests.joined(separator: ";"), Self.yesNo(p.suggestionsOptOut), p.note]
            if !withheld.isEmpty {
                for (i, spec) in Fields.people.enumerated() where i < fields.count && withheld.contains(spec.name) { fields[i] = "" }
            }
            if includeSensitive && withholdsSensitive(p) {
                fields += ["", "", ""]
            } else if includeSensitive {
                fields += [Self.yesNo(p.sensitive.neet), Self.yesNo(p.sensitive.vulnerable), p.sensitive.disabilityGroup.map(String.init) ?? ""]
            }
            try out.add(Self.row(fields), to: write)
        }
        try out.flush(to: write)
    }

    public func organizations(_ organizations: [Organization]) -> String {
        var out = header(.organizations)
        for o in organizations {
            out += Self.row([Self.reference(o.id, externalID: o.externalID), o.name, o.kind.rawValue, o.settlement,
                             o.contacts.first { $0.kind == .phone }?.value ?? "", o.contacts.first { $0.kind == .email }?.value ?? "", o.note])
        }
        return out
    }

    public func initiatives(_ initiatives: [Initiative], rounds: [Round]) -> String {
        let roundsByID = Dictionary(uniqueKeysWithValues: rounds.map { ($0.id, $0) })
        var out = header(.initiatives)
        for i in initiatives {
            let round = roundsByID[i.round]
            out += Self.row([
                Self.reference(i.id, externalID: i.externalID), i.title, i.theme, round.map { "\($0.year)-\($0.number)" } ?? i.round.description,
                round?.format.rawValue ?? "", round?.start.iso ?? "", i.settlement, i.status.rawValue,
                i.leader.map(ref) ?? "", i.team.filter { $0.role == .member }.map { ref($0.person) }.joined(separator: ";"),
                i.mentors.map(ref).joined(separator: ";"), i.partners.map(ref).joined(separator: ";"),
            ])
        }
        return out
    }

    func row(_ x: Interaction) -> String { Self.row([ref(x.a), ref(x.b), x.day.iso, x.channel.rawValue, x.note]) }

    /// Interactions as a whole file, header first (a member's own log for `export-log`).
    public func interactions(_ interactions: [Interaction]) -> String {
        header(.interactions) + interactions.map(row).joined()
    }

    func ref(_ id: EntityID) -> String { references[id] ?? id.description }
}
