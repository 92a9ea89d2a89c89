import CIM

/// libFuzzer's entry point: every input goes through the parser, the canonical digest and
/// the whole CIM decoder. Refusing an input is fine; crashing, hanging or breaking one of
/// these properties is a finding:
/// - a document that parses prints (compact) to text that parses to the same value with
///   the same canonical digest;
/// - a message that decodes has the digest of its document.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: count)
    let parser = JSONParser()
    if let value = try? parser.parse(bytes) {
        let printed = Array(value.compactText.utf8)
        guard let again = try? parser.parse(printed) else { fatalError("printed text does not parse: \(value.compactText)") }
        guard again == value else { fatalError("printed text parses to another value: \(value.compactText)") }
        guard try! parser.canonicalDigest(of: bytes) == (try! parser.canonicalDigest(of: printed)) else {
            fatalError("printing changed the canonical digest: \(value.compactText)")
        }
    }
    if let decoded = try? MessageDecoder().decode(bytes, origin: .cimMessage) {
        guard decoded.contentDigest == (try! parser.canonicalDigest(of: bytes)) else { fatalError("the message digest is not its document's") }
    }
    _ = try? MessageDecoder().decode(bytes, origin: .thirdPartyActivity)
    return 0
}

/// libFuzzer's driver, from its runtime.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// The entry point SwiftPM links an executable target to: hands over to libFuzzer.
@_cdecl("CIMFuzz_main")
func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in fuzz(data, size) }
}
