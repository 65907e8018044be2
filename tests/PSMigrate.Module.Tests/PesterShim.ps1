# A stand-in for the part of Pester 5 that tests/Pester uses (Describe, It, BeforeAll, AfterAll,
# BeforeEach, AfterEach, Should), so CI runs those files where Pester is not served. It follows
# Pester's two phases: the file is read first (Describe bodies register blocks and tests), then
# run, each BeforeAll in its block's scope and each It in a child scope of it. Tests tagged
# 'Utility' need Microsoft.PowerShell.Utility (ConvertTo-Json, Out-String ...); where that is
# missing they are reported as skipped.

$script:ShimRoot = $null
$script:ShimCurrent = $null

function New-ShimBlock([string] $Name, $Parent) {
    [pscustomobject]@{
        Name = $Name; Parent = $Parent; Items = [System.Collections.Generic.List[object]]::new()
        BeforeAll = [System.Collections.Generic.List[scriptblock]]::new(); AfterAll = [System.Collections.Generic.List[scriptblock]]::new()
        BeforeEach = [System.Collections.Generic.List[scriptblock]]::new(); AfterEach = [System.Collections.Generic.List[scriptblock]]::new()
    }
}

function Describe([Parameter(Position = 0)] [string] $Name, [Parameter(Position = 1)] [scriptblock] $Fixture) {
    $block = New-ShimBlock $Name $script:ShimCurrent
    $script:ShimCurrent.Items.Add($block)
    $outer = $script:ShimCurrent
    $script:ShimCurrent = $block
    try { $null = & $Fixture } finally { $script:ShimCurrent = $outer }
}

function Context([Parameter(Position = 0)] [string] $Name, [Parameter(Position = 1)] [scriptblock] $Fixture) { Describe $Name $Fixture }

function It([Parameter(Position = 0)] [string] $Name, [Parameter(Position = 1)] [scriptblock] $Test, [string[]] $Tag = @()) {
    $script:ShimCurrent.Items.Add([pscustomobject]@{ Name = $Name; Test = $Test; Tag = $Tag })
}

function BeforeAll([Parameter(Position = 0)] [scriptblock] $Block) { $script:ShimCurrent.BeforeAll.Add($Block) }
function AfterAll([Parameter(Position = 0)] [scriptblock] $Block) { $script:ShimCurrent.AfterAll.Add($Block) }
function BeforeEach([Parameter(Position = 0)] [scriptblock] $Block) { $script:ShimCurrent.BeforeEach.Add($Block) }
function AfterEach([Parameter(Position = 0)] [scriptblock] $Block) { $script:ShimCurrent.AfterEach.Add($Block) }

function Should {
    param(
        [Parameter(ValueFromPipeline)] $ActualValue,
        [Parameter(Position = 0)] $ExpectedValue,
        [switch] $Not, [switch] $Be, [switch] $BeExactly, [switch] $BeTrue, [switch] $BeFalse, [switch] $BeNullOrEmpty,
        [switch] $HaveCount, [switch] $Contain, [switch] $Match, [switch] $BeIn, [switch] $BeGreaterOrEqual,
        [switch] $Throw, [string] $ErrorId
    )
    begin { $items = [System.Collections.Generic.List[object]]::new() }
    process { if ($PSBoundParameters.ContainsKey('ActualValue')) { $items.Add($ActualValue) } }
    end {
        $actual = switch ($items.Count) { 0 { $null } 1 { $items[0] } default { , $items.ToArray() } }
        function Same($a, $e, [bool] $exact) {
            $aList = @($a); $eList = @($e)
            if ($aList.Count -ne $eList.Count) { return $false }
            for ($i = 0; $i -lt $aList.Count; $i++) {
                $equal = if ($exact) { $aList[$i] -ceq $eList[$i] } else { $aList[$i] -eq $eList[$i] }
                if (-not $equal) { return $false }
            }
            $true
        }

        $thrown = $null
        $passed =
            if ($Be) { Same $actual $ExpectedValue $false }
            elseif ($BeExactly) { Same $actual $ExpectedValue $true }
            elseif ($BeTrue) { [bool] $actual }
            elseif ($BeFalse) { -not [bool] $actual }
            elseif ($BeNullOrEmpty) { $items.Count -eq 0 -or ($items.Count -eq 1 -and ($null -eq $items[0] -or ($items[0] -is [string] -and $items[0] -eq ''))) }
            elseif ($HaveCount) { $items.Count -eq $ExpectedValue }
            elseif ($Contain) { $items -contains $ExpectedValue }
            elseif ($Match) { "$actual" -match $ExpectedValue }
            elseif ($BeIn) { @($ExpectedValue) -contains $actual }
            elseif ($BeGreaterOrEqual) { $actual -ge $ExpectedValue }
            elseif ($Throw) {
                try { $null = & $actual } catch { $thrown = $_ }
                $null -ne $thrown -and (-not $ErrorId -or $thrown.FullyQualifiedErrorId -like "*$ErrorId*")
            }
            else { throw 'Should: no operator given.' }

        if ([bool] $passed -eq [bool] $Not) {
            $operator = @('Be', 'BeExactly', 'BeTrue', 'BeFalse', 'BeNullOrEmpty', 'HaveCount', 'Contain', 'Match', 'BeIn', 'BeGreaterOrEqual', 'Throw') | Where-Object { $PSBoundParameters[$_] }
            $got = if ($Throw) { if ($thrown) { "error '$($thrown.FullyQualifiedErrorId)': $($thrown.Exception.Message)" } else { 'no error' } } else { "'$(@($items) -join "', '")'" }
            throw "Expected$(if ($Not) { ' not' }) -$operator $(if ($Throw) { $ErrorId } else { "'$(@($ExpectedValue) -join "', '")'" }), but got $got."
        }
    }
}

function Invoke-ShimBlock($Block, [scriptblock[]] $BeforeEach, [scriptblock[]] $AfterEach, [string] $Path) {
    & {
        $setupError = $null
        try { foreach ($setup in $Block.BeforeAll) { . $setup } } catch { $setupError = $_ }
        $each = @($BeforeEach) + @($Block.BeforeEach)
        $afterEach = @($Block.AfterEach) + @($AfterEach)
        foreach ($item in $Block.Items) {
            $name = if ($Path) { "$Path > $($item.Name)" } else { $item.Name }
            if ($item.PSObject.Properties['Items']) {
                if ($setupError) { [pscustomobject]@{ Test = $name; Result = 'Failed'; Message = "BeforeAll: $setupError" }; continue }
                Invoke-ShimBlock $item $each $afterEach $name
                continue
            }
            if ($item.Tag -contains 'Utility' -and -not (Get-Command ConvertTo-Json -ErrorAction SilentlyContinue)) {
                [pscustomobject]@{ Test = $name; Result = 'Skipped'; Message = 'needs Microsoft.PowerShell.Utility' }
                continue
            }
            if ($setupError) { [pscustomobject]@{ Test = $name; Result = 'Failed'; Message = "BeforeAll: $setupError" }; continue }
            try {
                & { foreach ($setup in $each) { . $setup }; $null = . $item.Test; foreach ($teardown in $afterEach) { $null = . $teardown } }
                [pscustomobject]@{ Test = $name; Result = 'Passed'; Message = '' }
            }
            catch {
                [pscustomobject]@{ Test = $name; Result = 'Failed'; Message = "$_ (line $($_.InvocationInfo.ScriptLineNumber))" }
            }
        }
        foreach ($teardown in $Block.AfterAll) { try { $null = . $teardown } catch { [pscustomobject]@{ Test = "$Path AfterAll"; Result = 'Failed'; Message = "$_" } } }
    }
}

function Invoke-PesterShim([string] $File) {
    $script:ShimRoot = New-ShimBlock ([System.IO.Path]::GetFileName($File)) $null
    $script:ShimCurrent = $script:ShimRoot
    $null = . $File
    Invoke-ShimBlock $script:ShimRoot @() @() ''
}
