public enum _PlaceholderQueryAPI {}
