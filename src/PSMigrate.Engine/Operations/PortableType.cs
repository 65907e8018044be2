namespace PSMigrate.Engine.Operations;

/// <summary>Column types written once and mapped to each dialect's own.</summary>
public enum PortableType
{
    Integer,
    BigInteger,
    String,
    Text,
    Boolean,
    Decimal,
    DateTime,
    DateTimeOffset,
    Date,
    Guid,
    Binary,
    Json,
}
