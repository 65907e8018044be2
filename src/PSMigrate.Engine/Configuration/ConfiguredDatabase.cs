using PSMigrate.Engine.Providers;

namespace PSMigrate.Engine.Configuration;

/// <summary>One entry of the config file's Databases table: a name, its connection string and, optionally, its provider.</summary>
public sealed record ConfiguredDatabase(string Name, string ConnectionString, ProviderKind? Provider);
