import BailanysCore
import BailanysGraph
import Foundation

/// The tie graph at a day, for analysts' tools: nodes with role and place, edges with strength and fading.
public struct GraphExport: Sendable {
    public struct Node: Sendable {
        public var id: EntityID
        public var label: String
        public var kind: String
        /// A person's primary role, or an organisation's kind.
        public var role: String
        public var region: String
        public var settlement: String
    }

    public struct Edge: Sendable {
        public var a: EntityID
        public var b: EntityID
        public var tie: TieState
        public var fading: Bool
    }

    public var nodes: [Node]
    public var edges: [Edge]

    /// Nodes (restricted to `only` when given) and every tie between two of them that existed by `now`.
    public init(snapshot: GraphSnapshot, now: Day, model: TieModel, only: Set<EntityID>? = nil) throws {
        let kept = snapshot.nodes.filter { only?.contains($0.id) ?? true }
        nodes = kept.map { node in
            Node(id: node.id, label: node.name, kind: node.isPerson ? "person" : "organization",
                 role: node.role?.rawValue ?? node.organizationKind?.rawValue ?? "", region: node.region, settlement: node.settlement)
        }
        let keptIDs = Set(kept.map(\.id))
        var edges: [Edge] = []
        for node in kept {
            for (other, tie) in try snapshot.ties(of: node.id, at: now, model: model) where node.id < other && keptIDs.contains(other) {
                edges.append(Edge(a: node.id, b: other, tie: tie, fading: tie.isFading(at: now, model: model)))
            }
        }
        self.edges = edges
    }

    static func xml(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            // XML 1.0 forbids most control characters even as references; C1 and bidi controls are dropped too.
            case _ where ExportText.isUnsafe(scalar): continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    static func number(_ value: Double) -> String { String(format: "%.6g", value) }

    /// GraphML (as networkx.read_graphml and Gephi read it): typed keys, one <data> per attribute.
    public func graphML() -> String {
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <key id="label" for="node" attr.name="label" attr.type="string"/>
              <key id="kind" for="node" attr.name="kind" attr.type="string"/>
              <key id="role" for="node" attr.name="role" attr.type="string"/>
              <key id="region" for="node" attr.name="region" attr.type="string"/>
              <key id="settlement" for="node" attr.name="settlement" attr.type="string"/>
              <key id="strength" for="edge" attr.name="strength" attr.type="double"/>
              <key id="peak" for="edge" attr.name="peak" attr.type="double"/>
              <key id="fading" for="edge" attr.name="fading" attr.type="boolean"/>
              <key id="last_contact" for="edge" attr.name="last_contact" attr.type="string"/>
              <graph id="bailanys" edgedefault="undirected">

            """
        for n in nodes {
            out += "    <node id=\"\(n.id)\"><data key=\"label\">\(Self.xml(n.label))</data><data key=\"kind\">\(n.kind)</data>"
                + "<data key=\"role\">\(n.role)</data><data key=\"region\">\(Self.xml(n.region))</data>"
                + "<data key=\"settlement\">\(Self.xml(n.settlement))</data></node>\n"
        }
        for e in edges {
            out += "    <edge source=\"\(e.a)\" target=\"\(e.b)\"><data key=\"strength\">\(Self.number(e.tie.strength))</data>"
                + "<data key=\"peak\">\(Self.number(e.tie.peak))</data><data key=\"fading\">\(e.fading)</data>"
                + "<data key=\"last_contact\">\(e.tie.lastContact?.iso ?? "")</data></edge>\n"
        }
        return out + "  </graph>\n</graphml>\n"
    }

    static func dotString(_ text: String) -> String {
        "\"" + ExportText.clean(text).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "") + "\""
    }

    /// Graphviz DOT: an undirected graph; fading ties dashed, pen width by strength.
    public func dot() -> String {
        var out = "graph bailanys {\n  node [shape=box];\n"
        for n in nodes {
            out += "  \(Self.dotString(n.id.description)) [label=\(Self.dotString(n.label)), kind=\(n.kind), role=\(Self.dotString(n.role)), "
                + "region=\(Self.dotString(n.region)), settlement=\(Self.dotString(n.settlement))];\n"
        }
        for e in edges {
            out += "  \(Self.dotString(e.a.description)) -- \(Self.dotString(e.b.description)) [strength=\(Self.number(e.tie.strength)), "
                + "peak=\(Self.number(e.tie.peak)), fading=\(e.fading), penwidth=\(Self.number(1 + min(4, e.tie.strength)))"
                + (e.fading ? ", style=dashed" : "") + "];\n"
        }
        return out + "}\n"
    }
}
