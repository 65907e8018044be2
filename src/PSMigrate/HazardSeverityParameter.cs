namespace PSMigrate.Commands;

/// <summary>
/// The -Severity values of Test-Migration -Lint, lowest first, kept in this assembly for the
/// reason DatabaseProvider is: a parameter of an engine type would load the engine while
/// PowerShell scans the cmdlets.
/// </summary>
public enum HazardSeverityParameter
{
    Info,
    Warning,
    Critical,
}
