#Requires -Version 7.6
<#
.SYNOPSIS
    A history report of a database: a CSV for spreadsheets and an HTML page for people.
.DESCRIPTION
    In a full PowerShell session this is simply
        Get-MigrationHistory | Export-Csv report.csv
        Get-MigrationHistory | ConvertTo-Html | Set-Content report.html
    This script writes both with .NET calls instead, so it also runs in hosts that have only
    PowerShell's core cmdlets (as the test suite does).
#>
param(
    [string] $MigrationsPath = './migrations',
    [string] $OutputDirectory = '.',
    [string] $ConnectionString
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module PSMigrate)) {
    Import-Module ([System.IO.Path]::Combine($PSScriptRoot, '..', 'module', 'PSMigrate', 'PSMigrate.psd1'))
}

$connection = @{ Path = $MigrationsPath }
if ($ConnectionString) { $connection.ConnectionString = $ConnectionString }
$history = @(Get-MigrationHistory @connection)
$columns = 'Revision', 'Message', 'IsApplied', 'IsCurrent', 'AppliedAt', 'AppliedBy', 'Host', 'IsModified'

function ConvertTo-CsvField([object] $Value) {
    $text = if ($Value -is [datetimeoffset]) { $Value.ToString('o') } else { "$Value" }
    '"' + $text.Replace('"', '""') + '"'
}

$csv = [System.Text.StringBuilder]::new()
$null = $csv.AppendLine((($columns | ForEach-Object { ConvertTo-CsvField $_ }) -join ','))
foreach ($entry in $history) {
    $null = $csv.AppendLine((($columns | ForEach-Object { ConvertTo-CsvField $entry.$_ }) -join ','))
}

$encode = { param($value) [System.Net.WebUtility]::HtmlEncode("$value") }
$html = [System.Text.StringBuilder]::new()
$null = $html.AppendLine('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Migration history</title>')
$null = $html.AppendLine('<style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:left}.current{font-weight:bold}.pending{color:#888}</style></head><body>')
$null = $html.AppendLine("<h1>Migration history</h1><p>$($history.Count) revisions, $(@($history | Where-Object IsApplied).Count) applied.</p><table>")
$null = $html.AppendLine('<tr>' + (($columns | ForEach-Object { "<th>$(& $encode $_)</th>" }) -join '') + '</tr>')
foreach ($entry in $history) {
    $class = if ($entry.IsCurrent) { 'current' } elseif (-not $entry.IsApplied) { 'pending' } else { '' }
    $null = $html.AppendLine("<tr class=`"$class`">" + (($columns | ForEach-Object { "<td>$(& $encode $entry.$_)</td>" }) -join '') + '</tr>')
}
$null = $html.AppendLine('</table></body></html>')

$csvPath = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($OutputDirectory, 'migration-history.csv'))
$htmlPath = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($OutputDirectory, 'migration-history.html'))
[System.IO.File]::WriteAllText($csvPath, $csv.ToString())
[System.IO.File]::WriteAllText($htmlPath, $html.ToString())
[System.IO.FileInfo]::new($csvPath)
[System.IO.FileInfo]::new($htmlPath)
