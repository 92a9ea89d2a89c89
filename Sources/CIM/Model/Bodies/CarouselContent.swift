/// A `CAROUSEL` body: cards with text, links and buttons.
public struct CarouselContent: Sendable, Hashable {
    /// One card.
    public struct Element: Sendable, Hashable {
        /// `text`.
        public var text: String?
        /// `url`.
        public var url: String?

        /// Creates a card.
        public init(text: String? = nil, url: String? = nil) {
            self.text = text
            self.url = url
        }
    }

    /// `carouselMessageType`: `MEDIA` or `GENERIC_RICH_MEDIA`.
    public var carouselMessageType: String?
    /// `elements`.
    public var elements: [Element]

    /// Creates carousel content.
    public init(carouselMessageType: String? = nil, elements: [Element]) {
        self.carouselMessageType = carouselMessageType
        self.elements = elements
    }
}
