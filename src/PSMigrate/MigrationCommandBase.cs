using System.Management.Automation;
using PSMigrate.Engine.Configuration;

namespace PSMigrate.Commands;

/// <summary>What every PSMigrate cmdlet shares: the migrations folder, stopping, and engine errors as ErrorRecords.</summary>
public abstract class MigrationCommandBase : PSCmdlet
{
    private readonly CancellationTokenSource stopping = new();

    /// <summary>The migrations folder (holding psmigrate.psd1 and versions/), relative to the current location.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public virtual string Path { get; set; } = "migrations";

    /// <summary>Cancelled when the user presses Ctrl+C (PowerShell.Stop()): the running statement is cancelled on the server.</summary>
    protected CancellationToken StopRequested => stopping.Token;

    /// <summary>
    /// The folder -Path names, which must exist. A file inside it (a revision's Path, bound from
    /// the pipeline) names its folder too: versions/x.sql belongs to the folder above versions/.
    /// </summary>
    protected MigrationProject Project(bool mustExist = true)
    {
        var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (File.Exists(path))
        {
            var folder = new FileInfo(path).Directory!;
            path = folder.Name == MigrationProject.VersionsFolderName && folder.Parent is not null ? folder.Parent.FullName : folder.FullName;
        }
        else if (mustExist && !Directory.Exists(path))
        {
            throw new MigrationException(MigrationErrors.MigrationsFolderNotFound,
                $"The migrations folder {path} does not exist; create it with 'Initialize-Migration {Path}', or pass -Path to the folder that holds psmigrate.psd1.",
                path) { FilePath = path };
        }

        return MigrationProject.At(path);
    }

    protected string CurrentDirectory => SessionState.Path.CurrentFileSystemLocation.ProviderPath;

    /// <summary>
    /// Cmdlets that change a database stop the whole script on failure, as 'throw' does, so a
    /// deployment script cannot carry on past a failed migration and 'pwsh -File' exits non-zero.
    /// </summary>
    protected virtual bool StopsScriptOnError => false;

    protected sealed override void ProcessRecord() => Guarded(Process);

    protected abstract void Process();

    protected override void StopProcessing() => stopping.Cancel();

    protected void Guarded(Action action)
    {
        try
        {
            action();
        }
        catch (MigrationException error)
        {
            Fail(ErrorRecords.From(error));
        }
        catch (IOException error)
        {
            Fail(ErrorRecords.From(MigrationErrors.FileAccessFailed, error, Path));
        }
        catch (UnauthorizedAccessException error)
        {
            Fail(ErrorRecords.From(MigrationErrors.FileAccessDenied, error, Path));
        }
    }

    /// <summary>
    /// A failure as the cmdlet's own error (its name in the message, an id ending in the command,
    /// -ErrorVariable filled). For cmdlets that change a database it stops the script unless the
    /// caller chose otherwise with -ErrorAction: it is written under the Stop preference, which
    /// PowerShell turns into a script-terminating error that try/catch catches.
    /// </summary>
    private void Fail(ErrorRecord record)
    {
        if (!StopsScriptOnError)
        {
            ThrowTerminatingError(record);
        }

        FailScript(record);
    }

    /// <summary>An error that stops the script (so 'pwsh -File' exits non-zero) unless the caller chose otherwise with -ErrorAction.</summary>
    private protected void FailScript(ErrorRecord record)
    {
        if (MyInvocation.BoundParameters.ContainsKey("ErrorAction"))
        {
            WriteError(record);
            return;
        }

        WithPreference("ErrorActionPreference", ActionPreference.Stop, () => WriteError(record));
    }

    /// <summary>
    /// Runs an action with a preference variable set for this cmdlet only, restoring the caller's
    /// scope exactly (no local copy is left behind when the value was inherited).
    /// </summary>
    protected void WithPreference(string name, ActionPreference value, Action action)
    {
        // Asked of the caller's own scope: a script block's local is a compiled slot that can be
        // set but not removed, so only a variable this call created is removed afterwards.
        var variables = SessionState.PSVariable;
        ForgetCachedPreference();
        var local = variables.Get("local:" + name);
        var previous = local is null ? variables.GetValue(name) : local.Value;
        variables.Set(name, value);
        try
        {
            action();
        }
        finally
        {
            try
            {
                if (local is null)
                {
                    variables.Remove(name);
                }
                else
                {
                    variables.Set(name, previous);
                }
            }
            catch (SessionStateUnauthorizedAccessException)
            {
                // A compiled slot not yet assigned looks absent but cannot be removed: give it the inherited value back.
                variables.Set(name, previous);
            }

            ForgetCachedPreference();
        }
    }

    // PowerShell reads $ErrorActionPreference once per command and keeps it; a many-database run
    // writes each database's error as non-terminating and then one error that stops the script,
    // so the command must read the preference again each time. There is no public way to ask for
    // that; without the field (another PowerShell) every error follows the first one's preference.
    private static readonly System.Reflection.FieldInfo? ErrorActionCached =
        typeof(PSCmdlet).Assembly.GetType("System.Management.Automation.MshCommandRuntime")
            ?.GetField("_isErrorActionPreferenceCached", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic);

    private void ForgetCachedPreference()
    {
        if (ErrorActionCached is { } field && CommandRuntime is { } runtime && field.DeclaringType!.IsInstanceOfType(runtime))
        {
            field.SetValue(runtime, false);
        }
    }

    /// <summary>
    /// A message on the information stream that shows by default, as Write-Host's do; only
    /// -InformationAction quiets it.
    /// </summary>
    protected internal void Inform(string message)
    {
        var record = new HostInformationMessage { Message = message };
        if (MyInvocation.BoundParameters.ContainsKey("InformationAction"))
        {
            WriteInformation(record, ["PSHOST", "PSMigrate"]);
            return;
        }

        WithPreference("InformationPreference", ActionPreference.Continue, () => WriteInformation(record, ["PSHOST", "PSMigrate"]));
    }

    /// <summary>
    /// Whether someone can answer a question here: pwsh's console when its input is not
    /// redirected and -NonInteractive was not given (a pipeline agent redirects it); another host
    /// (VS Code, an application hosting PowerShell) when it has a UI of its own to ask through.
    /// </summary>
    protected bool HostCanAsk() => Host.Name switch
    {
        "ConsoleHost" => !Console.IsInputRedirected && !Environment.GetCommandLineArgs().Any(a => a.StartsWith("-noni", StringComparison.OrdinalIgnoreCase)),
        "Default Host" => false,
        _ => Host.UI?.RawUI is not null,
    };
}
