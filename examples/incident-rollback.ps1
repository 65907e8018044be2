#Requires -Version 7.6
<#
.SYNOPSIS
    Rolling a bad revision back during an incident, step by step.
.DESCRIPTION
    Run it first without -Execute: it shows where the database is, checks for drift, and says
    (with -WhatIf) exactly which revisions it would revert. Run it again with -Execute to
    revert them; each revision is reverted in its own transaction, so even a failure leaves
    the database at a known revision. Every step is logged in the history table.
#>
param(
    [string] $MigrationsPath = './migrations',
    # Where to go back to: a revision id, '-1' (the last revision), or 'base'.
    [string] $Target = '-1',
    [string] $ConnectionString,
    [switch] $Execute
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module PSMigrate)) {
    Import-Module ([System.IO.Path]::Combine($PSScriptRoot, '..', 'module', 'PSMigrate', 'PSMigrate.psd1'))
}

$connection = @{ Path = $MigrationsPath }
if ($ConnectionString) { $connection.ConnectionString = $ConnectionString }

# 1. Where is the database now?
$before = @(Get-MigrationHistory @connection | Where-Object IsCurrent | ForEach-Object Revision)
"Current revision(s): $(if ($before) { $before -join ', ' } else { 'base' })"

# 2. Do the files still match what was applied? A downgrade runs the files as they are now.
foreach ($drift in Test-Migration @connection) { "Drift: $($drift.Description)" }

# 3. What would the rollback do? Nothing is touched.
Undo-Migration @connection -Target $Target -WhatIf

if (-not $Execute) {
    'Dry run only. Re-run with -Execute to revert the revisions listed above.'
    return
}

# 4. Revert. -Force because the person running this has just reviewed the plan above.
Undo-Migration @connection -Target $Target -Force -Verbose:$false

$after = @(Get-MigrationHistory @connection | Where-Object IsCurrent | ForEach-Object Revision)
"Now at: $(if ($after) { $after -join ', ' } else { 'base' })"
