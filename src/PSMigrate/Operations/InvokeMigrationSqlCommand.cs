using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>
/// Runs SQL inside the revision (split as the dialect splits sections); -Provider limits it to
/// some databases, for dialect-specific SQL; -Query returns rows (online only).
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "MigrationSql")]
[OutputType(typeof(PSObject))]
public sealed class InvokeMigrationSqlCommand : MigrationOperationCommandBase
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public string Sql { get; set; } = string.Empty;

    /// <summary>Run only on these providers; skipped (with a verbose message) on others.</summary>
    [Parameter(Position = 1)]
    public DatabaseProvider[]? Provider { get; set; }

    /// <summary>Returns the query's rows as objects.</summary>
    [Parameter]
    public SwitchParameter Query { get; set; }

    protected override void Process()
    {
        if (Provider is { Length: > 0 } only && !only.Contains(Context.Provider))
        {
            WriteVerbose($"Skipped on {Context.Provider} (only for {string.Join(", ", only)}): {Engine.Sql.StatementRedaction.Redact(Sql)}");
            return;
        }

        if (!Query)
        {
            Operations.ExecuteSql(Sql, Line);
            return;
        }

        foreach (var row in Operations.Query(Sql, Line))
        {
            var result = new PSObject();
            foreach (var (name, value) in row)
            {
                result.Properties.Add(new PSNoteProperty(name, value));
            }

            WriteObject(result);
        }
    }
}
