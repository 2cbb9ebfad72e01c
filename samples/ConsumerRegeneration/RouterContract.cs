using FlexInference.Testing;

/// <summary>
/// The contract checks of MyApp.Router, as they would sit in a test class of your app. Each one compares with its
/// accepted snapshot beside this file, RouterContract.{Method}.verified.txt; on a difference it writes
/// RouterContract.{Method}.received.txt and throws a <see cref="SnapshotMismatchException"/> listing the changes.
/// It never writes a .verified. file: accepting is your review, then a rename (README.md, step 4).
/// </summary>
internal static class RouterContract
{
    /// <summary>Every generated type of MyApp.Router: JSON names, C# names and types, required.</summary>
    public static void Surface() => ContractCheck.VerifySurface(typeof(MyApp.Router.Response).Assembly, "MyApp.Router");

    /// <summary>The recorded bodies in Fixtures/, re-read field by field through the current types.</summary>
    public static void Recorded_bodies() => ContractCheck.VerifyFixtures("Fixtures", MyApp.Router.FlexInferenceJsonContext.Default);
}
