import type { ChatCompletionCreateParams, ChatCompletionTool } from 'openai/resources/chat/completions';

/**
 * A random-weight model never chooses a tool by itself. This recipe makes
 * llama-server produce a real, streamed, schema-valid tool call anyway: with
 * `tool_choice: "required"` its grammar only allows a call to one of the
 * tools; the assistant message `"<tool_call>\n"` (a prefill the Qwen 2.5
 * template continues) starts the call; an `enum` in the parameters keeps
 * argument values short; and the logit bias on `<|im_end|>` (151645) and
 * `</` (522) lets the call close and the turn end.
 */

export const TOOL_CALL_PREFILL = '<tool_call>\n';

export const TOOL_CALL_LOGIT_BIAS: Readonly<Record<string, number>> = { '151645': 30, '522': 20 };

/** A tool whose only parameter is an enum: the shape the recipe works best with. */
export function enumTool(name: string, parameter: string, values: readonly [string, ...string[]], description = `Calls ${name}.`): ChatCompletionTool {
  return {
    type: 'function',
    function: {
      name,
      description,
      parameters: {
        type: 'object',
        properties: { [parameter]: { type: 'string', enum: [...values] } },
        required: [parameter],
        additionalProperties: false,
      },
    },
  };
}

/** The request with the recipe applied: the prefill appended, `tool_choice: "required"`, the logit bias merged in. */
export function forceToolCall<T extends ChatCompletionCreateParams>(body: T): T {
  if (!body.tools?.length) throw new Error('forceToolCall needs at least one tool in the request.');
  return {
    ...body,
    messages: [...body.messages, { role: 'assistant', content: TOOL_CALL_PREFILL }],
    tool_choice: 'required',
    logit_bias: { ...TOOL_CALL_LOGIT_BIAS, ...body.logit_bias },
  };
}
