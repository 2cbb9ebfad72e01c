using System;
using System.Text.Json.Nodes;
using FlexInference.Resources;
using FlexInference.Routing;
using FlexInference.Surfaces;

namespace FlexInference;

/// <summary>
/// <c>GetRouting()</c>: the served-route report of any result, built once when the result arrived from its body and the
/// headers it came with. On an object the client did not return (built or deserialised by your code, or a <c>with</c>
/// copy), the typed overloads report what its body says, without headers.
/// </summary>
public static class RoutingExtensions
{
    /// <summary>How the router served this Responses call.</summary>
    public static ServedRoute GetRouting(this Response response) =>
        RouteStore.Get(Check(response)) ?? RouteBuilder.Build(ResponsesResource.Facts(response), null);

    /// <summary>How the router served this chat completion.</summary>
    public static ServedRoute GetRouting(this CreateChatCompletionResponse completion) =>
        RouteStore.Get(Check(completion)) ?? RouteBuilder.Build(ChatCompletionsResource.Facts(completion), null);

    /// <summary>How the router served this interaction.</summary>
    public static ServedRoute GetRouting(this InteractionObject interaction) =>
        RouteStore.Get(Check(interaction)) ?? RouteBuilder.Build(InteractionsResource.Facts(interaction), null);

    /// <summary>How the router served this message (Anthropic reports the tier in <c>usage.service_tier</c> too).</summary>
    public static ServedRoute GetRouting(this MessageObject message) =>
        RouteStore.Get(Check(message)) ?? RouteBuilder.Build(MessagesResource.Facts(message), null);

    /// <summary>How the router served a raw-JSON call (any of the four formats).</summary>
    public static ServedRoute GetRouting(this JsonObject body) =>
        RouteStore.Get(Check(body)) ?? RouteBuilder.Build(Surface.Messages.Result!.Read(body), null); // Messages' pointers cover every format's tier

    /// <summary>
    /// How the router served a call whose result is your own type (sent with the <c>CreateAsync</c> overloads that
    /// take your <c>JsonTypeInfo</c>s): the route facts were read from the body when it arrived, and merged with the
    /// headers, exactly as for the SDK's own types.
    /// </summary>
    /// <typeparam name="T">Your response type.</typeparam>
    /// <param name="result">The object a FlexInference client call returned.</param>
    /// <exception cref="InvalidOperationException">
    /// <paramref name="result"/> did not come from a client call (it was built or deserialised by your code), so there
    /// is no route report for it.
    /// </exception>
    public static ServedRoute GetRouting<T>(this T result)
        where T : class =>
        RouteStore.Get(Check(result)) ?? throw new InvalidOperationException(
            $"FlexInference: this {typeof(T).Name} did not come from a FlexInference client call, so it has no route report. " +
            "GetRouting() works on the object a call returned, for example " +
            "client.Responses.CreateAsync(request, MyJsonContext.Default.CreateResponse, MyJsonContext.Default.Response); " +
            "a copy made with 'with', or an object deserialised by your own code, carries no report.");

    private static T Check<T>(T value)
        where T : class => value ?? throw new ArgumentNullException(nameof(value));
}
