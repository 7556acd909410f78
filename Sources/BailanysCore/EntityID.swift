/// Short, human-typable ids: a letter for the kind and a number, e.g. `P1024`, `O17`, `I305`.
/// Parsing is case-insensitive so `p1024` works at the prompt.
public struct EntityID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case person = "P", organization = "O", initiative = "I", round = "R", meetup = "M", interaction = "X"
    }

    public let kind: Kind
    public let number: Int

    public init(_ kind: Kind, _ number: Int) {
        self.kind = kind
        self.number = number
    }

    public init?(_ text: some StringProtocol) {
        let trimmed = text.trimmingCharacters(in: " \t")
        guard let first = trimmed.first, let kind = Kind(rawValue: String(first).uppercased()),
              let number = Int(trimmed.dropFirst()), number > 0,
              trimmed.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        self.init(kind, number)
    }

    public var description: String { "\(kind.rawValue)\(number)" }

    /// Text an import or an export may take for the id of a person, an organisation or an initiative ("P12", "o3").
    public static func namingAnEntry(_ text: some StringProtocol) -> EntityID? {
        guard let id = EntityID(text), [.person, .organization, .initiative].contains(id.kind) else { return nil }
        return id
    }

    public static func < (a: EntityID, b: EntityID) -> Bool {
        a.kind.rawValue == b.kind.rawValue ? a.number < b.number : a.kind.rawValue < b.kind.rawValue
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = EntityID(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an id: \(text)"))
        }
        self = id
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> Substring {
        let s = Substring(self)
        guard let start = s.firstIndex(where: { !set.contains($0) }) else { return "" }
        let end = s.lastIndex(where: { !set.contains($0) })!
        return s[start...end]
    }
}
