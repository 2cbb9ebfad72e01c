namespace FlexInference.Generator.Spec;

/// <summary>One opted-in AdditionalFile: where it is, the namespace to generate into, and its text.</summary>
internal sealed record SpecFile(string Path, string Namespace, string Content);
