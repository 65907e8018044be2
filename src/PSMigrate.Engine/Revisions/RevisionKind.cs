namespace PSMigrate;

public enum RevisionKind
{
    /// <summary>A '.sql' file with '-- migrate:upgrade' and '-- migrate:downgrade' sections.</summary>
    Sql,

    /// <summary>A '.ps1' file with 'function Upgrade' and 'function Downgrade', run by the host.</summary>
    PowerShell,
}
