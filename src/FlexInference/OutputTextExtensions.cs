using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json.Nodes;

namespace FlexInference;

/// <summary>
/// The assistant's text, wherever each format keeps it. Every helper returns "" when there is no text, as the
/// reference SDKs' helpers do.
/// </summary>
public static class OutputTextExtensions
{
    /// <summary>The text of a Responses result: every <c>output_text</c> part of every output message, joined.</summary>
    public static string OutputText(this Response response)
    {
        var text = new StringBuilder();
        foreach (OutputItem item in Check(response).Output ?? Array.Empty<OutputItem>())
        {
            if (item.TryGetOutputMessage(out OutputMessage? message))
            {
                foreach (OutputMessageContent part in message.Content ?? Array.Empty<OutputMessageContent>())
                {
                    if (part.TryGetOutputTextContent(out OutputTextContent? output))
                    {
                        text.Append(output.Text);
                    }
                }
            }
        }

        return text.ToString();
    }

    /// <summary>The text of a chat completion: <c>choices[0].message.content</c>.</summary>
    public static string OutputText(this CreateChatCompletionResponse completion) =>
        Check(completion).Choices is { Count: > 0 } choices ? choices[0].Message?.Content ?? string.Empty : string.Empty;

    /// <summary>The text of an interaction: every <c>text</c> part of every <c>model_output</c> step, joined.</summary>
    public static string InteractionOutputText(this InteractionObject interaction)
    {
        var text = new StringBuilder();
        foreach (InteractionResponseStep step in Check(interaction).Steps ?? Array.Empty<InteractionResponseStep>())
        {
            if (step.TryGetInteractionModelOutputResponseStep(out InteractionModelOutputResponseStep? output))
            {
                foreach (InteractionResponseTextContent part in output.Content ?? Array.Empty<InteractionResponseTextContent>())
                {
                    if (part.Type == "text")
                    {
                        text.Append(part.Text);
                    }
                }
            }
        }

        return text.ToString();
    }

    /// <summary>The text of an Anthropic message: every <c>text</c> block joined; thinking and tool use are skipped.</summary>
    public static string MessageOutputText(this MessageObject message)
    {
        var text = new StringBuilder();
        foreach (MessageResponseContentBlock block in Check(message).Content ?? Array.Empty<MessageResponseContentBlock>())
        {
            if (block.TryGetMessageTextBlock(out MessageTextBlock? textBlock))
            {
                text.Append(textBlock.Text);
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The text of a raw-JSON result of any of the four formats (Responses <c>output</c>, chat <c>choices</c>,
    /// interaction <c>steps</c>, message <c>content</c>).
    /// </summary>
    public static string OutputText(this JsonObject body)
    {
        var text = new StringBuilder();
        if (Get(Check(body), "choices") is JsonArray { Count: > 0 } choices)
        {
            return Text(Get(Get(choices[0], "message"), "content")) ?? string.Empty;
        }

        AppendParts(text, Get(body, "output"), "message", "content", "output_text");
        AppendParts(text, Get(body, "steps"), "model_output", "content", "text");
        if (Get(body, "content") is JsonArray blocks)
        {
            AppendTyped(text, blocks, "text");
        }

        return text.ToString();
    }

    private static void AppendParts(StringBuilder text, JsonNode? items, string itemType, string partsName, string partType)
    {
        if (items is not JsonArray array)
        {
            return;
        }

        foreach (JsonNode? item in array)
        {
            if (Text(Get(item, "type")) == itemType && Get(item, partsName) is JsonArray parts)
            {
                AppendTyped(text, parts, partType);
            }
        }
    }

    private static void AppendTyped(StringBuilder text, IEnumerable<JsonNode?> parts, string partType)
    {
        foreach (JsonNode? part in parts)
        {
            if (Text(Get(part, "type")) == partType)
            {
                text.Append(Text(Get(part, "text")));
            }
        }
    }

    private static string? Text(JsonNode? node) => Surfaces.JsonText.String(node);

    // A server body a JsonObject cannot index (a duplicate key, an undecodable name) reads as having nothing there.
    private static JsonNode? Get(JsonNode? node, string name) => Surfaces.JsonPointer.Child(node, name);

    private static T Check<T>(T value)
        where T : class => value ?? throw new ArgumentNullException(nameof(value));
}
