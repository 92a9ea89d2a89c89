import CIM

extension MessageHeader {
    /// The customer's names a message carries: the channel data's, else the customer's.
    var customerNames: (first: String?, last: String?) {
        (first: channelData?.customerFirstName ?? customer?.firstName, last: channelData?.customerLastName ?? customer?.lastName)
    }
}
