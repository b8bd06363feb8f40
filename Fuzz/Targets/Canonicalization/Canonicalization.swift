import FuzzDriver
import FuzzSupport
import XMLDSig

/// Exclusive c14n of arbitrary documents, checked three ways: against
/// libxml2's own c14n where both accept the input (a differential oracle),
/// for idempotence (canonical octets parse and canonicalise to themselves),
/// and as a typed refusal otherwise. The first byte picks comments on or
/// off, an excluded descendant (as an enveloped signature is) and an
/// InclusiveNamespaces prefix list.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput(data, size).bytes
    guard let control = input.first, let document = try? SafeXMLParser.parse(Array(input.dropFirst())) else { return 0 }
    let prefixes = [[], ["#default"], ["saml", "xs"], ["ds"]][Int(control >> 6)]
    let canonicalizer = ExclusiveCanonicalizer(withComments: control & 1 == 1, inclusiveNamespacePrefixes: prefixes)
    let root = document.root
    let excluded = control & 2 == 2 ? descendants(of: root).dropFirst(Int(control >> 2) & 15).first : nil

    let ours: [UInt8]
    do { ours = try canonicalizer.canonicalize(root, excluding: excluded) } catch { return 0 }
    if let theirs = try? canonicalizer.reference(root, excluding: excluded) {
        Property.check(ours == theirs, """
            c14n differs from libxml2's
            ours:   \(String(decoding: ours, as: UTF8.self))
            theirs: \(String(decoding: theirs, as: UTF8.self))
            """)
    }
    if excluded == nil, !ours.isEmpty, let again = try? SafeXMLParser.parse(ours) {
        let twice = try? canonicalizer.canonicalize(again.root)
        Property.check(twice == ours, "c14n is not idempotent: \(String(decoding: ours, as: UTF8.self))")
    }
    return 0
}

/// Elements below `root`, depth first.
func descendants(of root: XMLElement) -> [XMLElement] {
    var out: [XMLElement] = []
    var stack = Array(root.children.reversed())
    while let next = stack.popLast(), out.count < 64 {
        out.append(next)
        stack.append(contentsOf: next.children.reversed())
    }
    return out
}

@_cdecl("FuzzCanonicalization_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    sesame_fuzz_run(argc, argv)
}
