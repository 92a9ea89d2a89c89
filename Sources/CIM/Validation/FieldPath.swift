/// Where a field is in a document (`header.channelData.additionalAttributes[1].key`). Readers
/// of nested objects and arrays extend their parent's path without building its text, which
/// only a violation needs.
final class FieldPath: Sendable {
    private enum Step {
        case start(String)
        case member(String)
        case element(Int)
    }

    private let parent: FieldPath?
    private let step: Step

    /// A path starting at `text` (`""` for the document itself).
    init(_ text: String) {
        parent = nil
        step = .start(text)
    }

    private init(parent: FieldPath, step: Step) {
        self.parent = parent
        self.step = step
    }

    /// The path of member `key` of the object here.
    func member(_ key: String) -> FieldPath { FieldPath(parent: self, step: .member(key)) }

    /// The path of the element at `offset` of the array here.
    func element(_ offset: Int) -> FieldPath { FieldPath(parent: self, step: .element(offset)) }

    /// The path as text: keys joined by `.`, array elements as `[n]`.
    var text: String {
        switch step {
        case .start(let text):
            return text
        case .member(let key):
            let base = parent?.text ?? ""
            return base.isEmpty ? key : "\(base).\(key)"
        case .element(let offset):
            return "\(parent?.text ?? "")[\(offset)]"
        }
    }
}
