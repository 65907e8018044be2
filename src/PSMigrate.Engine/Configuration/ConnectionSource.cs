namespace PSMigrate.Engine.Configuration;

/// <summary>Where the connection string in use came from, in order of precedence.</summary>
public enum ConnectionSource
{
    Parameter,
    EnvironmentVariable,
    ConfigFile,

    /// <summary>No connection at all: an offline script planned from -From, which needs only the provider.</summary>
    None,
}
