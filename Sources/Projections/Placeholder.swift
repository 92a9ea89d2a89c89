public enum _PlaceholderProjections {}
