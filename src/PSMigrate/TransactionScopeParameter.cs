namespace PSMigrate.Commands;

/// <summary>
/// The -TransactionScope values, kept in this assembly for the reason DatabaseProvider is: a
/// parameter of an engine type would load the engine while PowerShell scans the cmdlets.
/// </summary>
public enum TransactionScopeParameter
{
    Revision,
    Run,
}

internal static class TransactionScopeConversion
{
    public static TransactionScope ToEngine(this TransactionScopeParameter scope) => Enum.Parse<TransactionScope>(scope.ToString());
}
