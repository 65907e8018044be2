namespace PSMigrate.Engine.Providers;

public enum ProviderKind
{
    Sqlite,
    PostgreSql,
    SqlServer,
}
