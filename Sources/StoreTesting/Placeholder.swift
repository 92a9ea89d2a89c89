public enum _PlaceholderStoreTesting {}
