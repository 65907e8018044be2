#Requires -Version 7.6
<#
.SYNOPSIS
    Upgrades every database of an inventory (a CSV with Name, ConnectionString and, optionally,
    Provider columns) in one call, several at a time, and exits 1 when any of them failed.
.DESCRIPTION
    The revision files are read once; each database gets its own connection, deployment lock and
    transactions. A database that fails is reported with its name and left at the revision it
    had reached; the others go on. The last object is the run's summary, shown as a table of
    every database's outcome and time.

    Keep the connection strings out of the CSV where you can: '$env:' references are not
    expanded in a CSV, so put secrets in the config file's Databases table (which expands them)
    and run 'Invoke-MigrationUpgrade -Database *' instead, or pass -Credential.
.EXAMPLE
    ./fleet.ps1 -Inventory ./tenants.csv -MigrationsPath ./migrations -ThrottleLimit 8
#>
param(
    [Parameter(Mandatory)]
    [string] $Inventory,

    [string] $MigrationsPath = 'migrations',

    [ValidateRange(1, 64)]
    [int] $ThrottleLimit = 8
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module PSMigrate)) {
    Import-Module ([System.IO.Path]::Combine($PSScriptRoot, '..', 'module', 'PSMigrate', 'PSMigrate.psd1'))
}

# -ErrorAction Continue: each failed database is written as its own error and the run goes on;
# the summary says how it ended. -Force: nothing to confirm in an unattended run.
$output = Import-Csv -LiteralPath $Inventory |
    Invoke-MigrationUpgrade -Path $MigrationsPath -ThrottleLimit $ThrottleLimit -Force -ErrorAction Continue -InformationAction Ignore
$summary = $output | Where-Object { $_.PSObject.TypeNames[0] -eq 'PSMigrate.MigrationFleetSummary' }
$summary.Results | Out-Host
"$($summary.Succeeded) of $($summary.Databases) databases upgraded, $($summary.Failed) failed, $($summary.Skipped) not started, in $([int] $summary.DurationMs) ms."
if ($summary.Failed -gt 0) {
    exit 1
}
