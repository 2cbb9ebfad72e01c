namespace FlexInference.Generator;

/// <summary>Names of the pipeline steps, so tests can assert which ones re-ran after an edit.</summary>
internal static class TrackingNames
{
    public const string SpecFiles = nameof(SpecFiles);
    public const string Model = nameof(Model);
    public const string Types = nameof(Types);
    public const string Descriptors = nameof(Descriptors);
    public const string Diagnostics = nameof(Diagnostics);
}
