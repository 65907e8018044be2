using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>
/// Cmdlets that change the database (upgrade, downgrade, stamp): they hold the deployment lock,
/// stop the script when they fail, and can write their SQL instead (-Script, -From, -OutFile).
/// </summary>
public abstract class ScriptableCommandBase : DatabaseCommandBase
{
    protected const string ApplySet = "Apply";
    protected const string ScriptSet = "Script";

    protected override bool StopsScriptOnError => true;

    /// <summary>Seconds to wait for another run's deployment lock on the same database.</summary>
    [Parameter(ParameterSetName = ApplySet)]
    [ValidateRange(0, int.MaxValue)]
    public int LockTimeout { get; set; } = 300;

    /// <summary>How many times to try a revision again that gave up waiting for a table lock (after 1, 2, 4 ... s).</summary>
    [Parameter(ParameterSetName = ApplySet)]
    [ValidateRange(0, 10)]
    public int RetryLockWait { get; set; }

    /// <summary>Writes the SQL that would run, as text, and touches nothing.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ScriptSet)]
    public SwitchParameter Script { get; set; }

    /// <summary>For -Script: writes the script to this file (UTF-8) instead of the pipeline.</summary>
    [Parameter(ParameterSetName = ScriptSet)]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    /// <summary>For -Script: the revision(s) to start from instead of reading the database ('base' for an empty one).</summary>
    [Parameter(ParameterSetName = ScriptSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(RevisionCompleter))]
    public string? From { get; set; }

    /// <summary>
    /// Skips the confirmation prompts (for unattended runs) and, with -Script -OutFile, overwrites
    /// an existing file; -WhatIf still only reports.
    /// </summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected TimeSpan LockWait => TimeSpan.FromSeconds(LockTimeout);

    protected override bool NeedsNoConnection => Script && From is not null;

    protected override bool WritesScript => Script;

    /// <summary>Offline SQL to the pipeline, or to a file (UTF-8, no BOM) returned as Get-Item returns it.</summary>
    protected void WriteScript(IEnumerable<string> blocks, string? outFile)
    {
        if (outFile is null)
        {
            foreach (var block in blocks)
            {
                WriteObject(block);
            }

            return;
        }

        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(outFile);
        if (File.Exists(path) && !Force)
        {
            throw new MigrationException(MigrationErrors.OutFileExists,
                $"{path} already exists; add -Force to overwrite it, or choose another -OutFile.", path) { FilePath = path };
        }

        File.WriteAllText(path, string.Join("\n\n", blocks) + "\n", new System.Text.UTF8Encoding(false));
        WriteObject(InvokeProvider.Item.Get(path), enumerateCollection: true);
    }
}
