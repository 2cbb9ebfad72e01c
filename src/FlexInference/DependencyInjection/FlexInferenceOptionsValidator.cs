using FlexInference.Pipeline;
using Microsoft.Extensions.Options;

namespace FlexInference.DependencyInjection;

/// <summary>
/// Checks <c>AddFlexInference</c> options with the client's own rules (<see cref="ClientSettings.Resolve"/>), so a bad
/// setting fails at start-up (<c>ValidateOnStart</c>) with the message the constructor would give. Messages never hold the key.
/// </summary>
internal sealed class FlexInferenceOptionsValidator : IValidateOptions<FlexInferenceClientOptions>
{
    public ValidateOptionsResult Validate(string? name, FlexInferenceClientOptions options)
    {
        if (options.HttpClient is not null)
        {
            return ValidateOptionsResult.Fail(Registration(name,
                "FlexInference: HttpClient must not be set with AddFlexInference, because the client gets its HttpClient from IHttpClientFactory and " +
                "the handlers you add would not run. Configure the IHttpClientBuilder that AddFlexInference returns instead, for example " +
                "services.AddFlexInference(section).AddHttpMessageHandler<MyHandler>(), or construct new FlexInferenceClient(options) yourself."));
        }

        try
        {
            ClientSettings.Resolve(options);
            return ValidateOptionsResult.Success;
        }
        catch (FlexInferenceValidationException exception)
        {
            return ValidateOptionsResult.Fail(Registration(name, exception.Message));
        }
    }

    /// <summary>Says which registration the message is about, when there are several.</summary>
    internal static string Registration(string? name, string message) =>
        string.IsNullOrEmpty(name) ? message + " (options of AddFlexInference)" : message + $" (options of AddFlexInference(\"{name}\", ...))";
}
