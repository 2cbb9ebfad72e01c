using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FlexInference.Testing;

/// <summary>
/// A folder of recorded JSON fixtures read through the current types: the report text (the snapshot), parsing an
/// accepted report back, and the changes between the two.
/// </summary>
internal sealed class FixtureSet
{
    private const string FixturePrefix = "fixture ";

    private FixtureSet(IReadOnlyList<Fixture> fixtures) => Fixtures = fixtures;

    public IReadOnlyList<Fixture> Fixtures { get; }

    /// <summary>Reads every <c>*.json</c> under <paramref name="folder"/> through <paramref name="context"/>.</summary>
    public static FixtureSet Read(string folder, JsonSerializerContext context, IReadOnlyDictionary<string, Type>? map)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException(
                $"FlexInference: the fixture folder '{folder}' does not exist. Pass a folder of recorded JSON bodies, absolute or " +
                "relative to the test's source file, for example \"Fixtures\" holding Response.flex-race.json.");
        }

        string[] files = Directory.GetFiles(folder, "*.json", SearchOption.AllDirectories);
        if (files.Length == 0)
        {
            throw new ArgumentException(
                $"FlexInference: the fixture folder '{folder}' holds no *.json file. Record a body there, named after its type, " +
                "for example Response.flex-race.json (read as Response).", nameof(folder));
        }

        var fixtures = new List<Fixture>();
        foreach (string file in files.OrderBy(f => Relative(folder, f), StringComparer.Ordinal))
        {
            string relative = Relative(folder, file);
            Type type = TypeOf(relative, context, map);
            fixtures.Add(new Fixture(relative, type.Name, FixtureReader.Read(File.ReadAllText(file), type, context)));
        }

        if (map is not null && map.Keys.FirstOrDefault(key => fixtures.All(f => f.Path != key)) is { } unused)
        {
            throw new ArgumentException(
                $"FlexInference: the fixture map names '{unused}', which is not a *.json file under '{folder}'. Keys are paths " +
                "relative to the folder with '/' separators, for example [\"streams/final.json\"] = typeof(Response).", nameof(map));
        }

        return new FixtureSet(fixtures);
    }

    /// <summary>Parses an accepted report (the text of <see cref="ToString"/>).</summary>
    public static FixtureSet Parse(string text)
    {
        var fixtures = new List<Fixture>();
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        string? path = null;
        string type = string.Empty;
        var current = new List<FixtureLine>();
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i];
            if (line.StartsWith(FixturePrefix, StringComparison.Ordinal))
            {
                Flush();
                int arrow = line.LastIndexOf(" -> ", StringComparison.Ordinal);
                if (arrow < 0)
                {
                    throw new FormatException($"Line {i + 1} of the fixture snapshot should read 'fixture name.json -> Type': '{line}'.");
                }

                path = line.Substring(FixturePrefix.Length, arrow - FixturePrefix.Length);
                type = line.Substring(arrow + 4);
            }
            else if (line.StartsWith("  ", StringComparison.Ordinal) && path is not null)
            {
                current.Add(FixtureLine.Parse(line, i + 1));
            }
        }

        Flush();
        return new FixtureSet(fixtures);

        void Flush()
        {
            if (path is not null)
            {
                fixtures.Add(new Fixture(path, type, current));
            }

            current = [];
        }
    }

    /// <summary>The changes from <paramref name="before"/> (the accepted report) to this one.</summary>
    public IReadOnlyList<ContractChange> CompareTo(FixtureSet before)
    {
        var changes = new List<ContractChange>();
        Dictionary<string, Fixture> now = Fixtures.ToDictionary(f => f.Path, StringComparer.Ordinal);
        foreach (Fixture old in before.Fixtures)
        {
            if (!now.TryGetValue(old.Path, out Fixture? current))
            {
                changes.Add(new(ContractChangeKind.Changed, old.Path, "the fixture is gone"));
                continue;
            }

            if (current.TypeName != old.TypeName)
            {
                changes.Add(new(ContractChangeKind.Changed, old.Path, $"now read as {current.TypeName} (was {old.TypeName})"));
                continue;
            }

            CompareLines(old, current, changes);
        }

        HashSet<string> existed = before.Fixtures.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        foreach (Fixture added in Fixtures.Where(f => !existed.Contains(f.Path)))
        {
            changes.Add(new(ContractChangeKind.Added, added.Path, $"new fixture, read as {added.TypeName}"));
        }

        return changes;
    }

    /// <summary>The report: per fixture, one line per field path.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (Fixture fixture in Fixtures)
        {
            text.Append(FixturePrefix).Append(fixture.Path).Append(" -> ").Append(fixture.TypeName).Append('\n');
            foreach (FixtureLine line in fixture.Lines)
            {
                text.Append(line).Append('\n');
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static void CompareLines(Fixture old, Fixture current, List<ContractChange> changes)
    {
        Dictionary<string, FixtureLine> now = current.Lines.Where(l => l.Kind != FixtureLineKind.Failure).ToDictionary(l => l.Path, StringComparer.Ordinal);
        foreach (FixtureLine was in old.Lines.Where(l => l.Kind != FixtureLineKind.Failure))
        {
            string location = $"{old.Path} {was.Path}";
            if (!now.TryGetValue(was.Path, out FixtureLine? line))
            {
                changes.Add(new(ContractChangeKind.Changed, location, "the field is no longer in the fixture (was the fixture edited?)"));
                continue;
            }

            switch ((was.Kind, line.Kind))
            {
                case (FixtureLineKind.Typed, FixtureLineKind.Untyped):
                    changes.Add(RenameOf(was, line) is { } newName
                        ? new(ContractChangeKind.Renamed, location, $"{was.Target} now reads '{newName}'; the recorded field lands untyped in {line.Target}.AdditionalProperties")
                        : new(ContractChangeKind.Dropped, location, $"was {was.Target} {was.TypeName}; now untyped (kept in {line.Target}.AdditionalProperties)"));
                    break;
                case (not FixtureLineKind.WrongKind, FixtureLineKind.WrongKind):
                    changes.Add(new(ContractChangeKind.Retyped, location, $"{line.Target} is now {line.TypeName} and the recorded value no longer fits: {line.Detail}"));
                    break;
                case (FixtureLineKind.Typed, FixtureLineKind.Typed) when was.Target != line.Target || was.TypeName != line.TypeName:
                    changes.Add(new(ContractChangeKind.Retyped, location, $"was {was.Target} {was.TypeName}, now {line.Target} {line.TypeName}"));
                    break;
                case (not FixtureLineKind.Typed, FixtureLineKind.Typed):
                    changes.Add(new(ContractChangeKind.Added, location, $"now typed as {line.Target} {line.TypeName}"));
                    break;
            }
        }

        HashSet<string> existed = old.Lines.Select(l => l.Path).ToHashSet(StringComparer.Ordinal);
        foreach (FixtureLine line in current.Lines.Where(l => l.Kind != FixtureLineKind.Failure && !existed.Contains(l.Path)))
        {
            changes.Add(new(ContractChangeKind.Changed, $"{old.Path} {line.Path}", "a field the accepted report did not have (was the fixture edited?)"));
        }

        string? failedBefore = old.Lines.FirstOrDefault(l => l.Kind == FixtureLineKind.Failure)?.Detail;
        string? failsNow = current.Lines.FirstOrDefault(l => l.Kind == FixtureLineKind.Failure)?.Detail;
        if (failsNow is not null && failsNow != failedBefore)
        {
            changes.Add(new(ContractChangeKind.Unreadable, old.Path, failsNow));
        }
        else if (failsNow is null && failedBefore is not null)
        {
            changes.Add(new(ContractChangeKind.Changed, old.Path, "reads again (it failed in the accepted report)"));
        }
    }

    /// <summary>When the property that read a now-untyped field still exists under another JSON name, that name.</summary>
    private static string? RenameOf(FixtureLine was, FixtureLine now)
    {
        int dot = was.Target.LastIndexOf('.');
        if (now.Owner is null || dot < 0 || was.Target.Substring(0, dot) != now.Target)
        {
            return null;
        }

        PropertyInfo? property = now.Owner.GetProperty(was.Target.Substring(dot + 1), BindingFlags.Public | BindingFlags.Instance);
        return property?.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name;
    }

    private static Type TypeOf(string relative, JsonSerializerContext context, IReadOnlyDictionary<string, Type>? map)
    {
        if (map is not null && map.TryGetValue(relative, out Type? mapped))
        {
            return mapped ?? throw new ArgumentException($"FlexInference: the fixture map has null for '{relative}'; map it to the type it holds.", nameof(map));
        }

        string fileName = relative.Substring(relative.LastIndexOf('/') + 1);
        string typeName = fileName.Substring(0, fileName.IndexOf('.', StringComparison.Ordinal));
        Type contextType = context.GetType();
        Type? type = contextType.Assembly.GetType(contextType.Namespace + "." + typeName);
        if (type is null || context.GetTypeInfo(type) is null)
        {
            throw new ArgumentException(
                $"FlexInference: no type for the fixture '{relative}'. By convention a fixture is named after its type, up to the " +
                $"first dot: '{typeName}' should be a type of {contextType.Namespace} that {contextType.Name} serves, for example " +
                $"Response.flex-race.json for Response. Rename the file, or map it: new Dictionary<string, Type> {{ [\"{relative}\"] = typeof(Response) }}.",
                nameof(map));
        }

        return type;
    }

    private static string Relative(string folder, string file) => Path.GetRelativePath(folder, file).Replace('\\', '/');

    /// <summary>One fixture: its path relative to the folder, the type it is read as, and its lines.</summary>
    internal sealed record Fixture(string Path, string TypeName, IReadOnlyList<FixtureLine> Lines);
}
