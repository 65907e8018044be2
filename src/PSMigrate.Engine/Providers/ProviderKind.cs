namespace PSMigrate;

public enum ProviderKind
{
    Sqlite,
    PostgreSql,
    SqlServer,
}
