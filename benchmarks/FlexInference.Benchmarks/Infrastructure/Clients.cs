using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using AnthropicCore = Anthropic.Core;
using OpenAIChat = OpenAI.Chat;
using OpenAIResponses = OpenAI.Responses;

namespace FlexInference.Benchmarks.Infrastructure;

/// <summary>
/// Creates each contender's client pointed at a base URL (the loopback server) or at an in-memory handler. Every
/// SDK keeps its own defaults otherwise: its own HttpClient and handler, retries, headers and pipeline, as an
/// application would get them.
/// </summary>
internal static class Clients
{
    public const string FlexKey = "flex_live_0123456789abcdef0123456789abcd";
    public const string OpenAIKey = "sk-bench-0123456789abcdef0123456789abcdef";
    public const string AnthropicKey = "sk-ant-bench-0123456789abcdef0123456789abcdef";

    public static readonly MediaTypeHeaderValue Json = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
    public static readonly AuthenticationHeaderValue RawAuthorization = new("Bearer", FlexKey);

    /// <summary>The serializer options Anthropic's client reads responses with (internal <c>ModelBase.SerializerOptions</c>).</summary>
    public static readonly JsonSerializerOptions AnthropicJsonOptions =
        (JsonSerializerOptions?)typeof(AnthropicCore.ModelBase).GetField("SerializerOptions", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public)?.GetValue(null)
        ?? throw new MissingFieldException("Anthropic.Core.ModelBase.SerializerOptions (internal) is gone: update the benchmark for this Anthropic version.");

    public static FlexInferenceClient Flex(string baseUrl, HttpMessageHandler? handler = null) => new(new FlexInferenceClientOptions
    {
        ApiKey = FlexKey,
        BaseUrl = new Uri(baseUrl),
        HttpClient = handler is null ? null : new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan },
    });

    /// <summary>The raw baseline's HttpClient: a plain SocketsHttpHandler, or the in-memory handler.</summary>
    public static HttpClient Raw(HttpMessageHandler? handler = null) => handler is null ? new HttpClient() : new HttpClient(handler);

    public static OpenAIChat.ChatClient OpenAIChat(string baseUrl, HttpMessageHandler? handler = null) =>
        new(Conversation.ChatModel, new ApiKeyCredential(OpenAIKey), OpenAIOptions(baseUrl, handler));

    public static OpenAIResponses.ResponsesClient OpenAIResponses(string baseUrl, HttpMessageHandler? handler = null)
    {
        var options = new OpenAIResponses.ResponsesClientOptions { Endpoint = new Uri(baseUrl) };
        if (handler is not null)
        {
            options.Transport = new HttpClientPipelineTransport(new HttpClient(handler));
        }

        return new OpenAIResponses.ResponsesClient(new ApiKeyCredential(OpenAIKey), options);
    }

    public static Anthropic.AnthropicClient Anthropic(string baseUrl, HttpMessageHandler? handler = null)
    {
        var options = new AnthropicCore.ClientOptions { ApiKey = AnthropicKey, BaseUrl = baseUrl };
        if (handler is not null)
        {
            options = options with { HttpClient = new HttpClient(handler) };
        }

        return new Anthropic.AnthropicClient(options);
    }

    private static OpenAI.OpenAIClientOptions OpenAIOptions(string baseUrl, HttpMessageHandler? handler)
    {
        var options = new OpenAI.OpenAIClientOptions { Endpoint = new Uri(baseUrl) };
        if (handler is not null)
        {
            options.Transport = new HttpClientPipelineTransport(new HttpClient(handler));
        }

        return options;
    }
}
