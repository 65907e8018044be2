
namespace PSMigrate.Commands;

/// <summary>
/// The -Provider values. The engine has the same list (ProviderKind), but a cmdlet field of an
/// engine value type would make PowerShell load the engine while it scans this assembly, before
/// PSMigrate's load context is in place; so the cmdlets keep their own copy.
/// </summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

internal static class DatabaseProviderConversion
{
    public static ProviderKind ToEngine(this DatabaseProvider provider) => Enum.Parse<ProviderKind>(provider.ToString());

    public static DatabaseProvider ToCmdlet(this ProviderKind provider) => Enum.Parse<DatabaseProvider>(provider.ToString());
}
