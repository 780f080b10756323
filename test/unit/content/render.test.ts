import { describe, expect, it } from "vitest";
import { renderInline, renderMarkdown } from "@/lib/content/render";

describe("renderMarkdown", () => {
  it("strips script tags, event handlers and javascript: links from content", () => {
    const html = renderMarkdown(
      [
        "Hello <script>alert('x')</script> world.",
        "",
        '<img src="x" onerror="alert(1)"> and <a href="#" onclick="steal()">a link</a>',
        "",
        "[click](javascript:alert(1))",
      ].join("\n"),
    );
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/onerror/i);
    expect(html).not.toMatch(/onclick/i);
    expect(html).not.toMatch(/javascript:/i);
    expect(html).toContain("Hello");
  });

  it("renders inline and display math with KaTeX, whose markup survives sanitizing", () => {
    const html = renderMarkdown("Inline $\\sigma'(x) \\le \\tfrac14$ here.\n\n$$\n\\frac{1}{2}\n$$\n");
    expect(html).toContain('class="katex"');
    expect(html).toContain('class="katex-display"');
    // Sanitizing would have removed these; they come from KaTeX, which runs afterwards.
    expect(html).toMatch(/<math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML"/);
    expect(html).toMatch(/style="[^"]+"/);
    expect(html).toContain('<annotation encoding="application/x-tex">\\frac{1}{2}</annotation>');
    expect(html).not.toContain("$");
  });

  it("renders inline math inline, not as a display block", () => {
    const html = renderMarkdown("Just $x^2$.");
    expect(html).toContain('class="katex"');
    expect(html).not.toContain("katex-display");
  });

  it("renders GitHub-flavoured tables and keeps code as code", () => {
    const html = renderMarkdown("| a | b |\n|---|---|\n| 1 | 2 |\n\nUse `$HOME` here.");
    expect(html).toContain("<table>");
    expect(html).toContain("<code>$HOME</code>");
    expect(html).not.toContain("katex");
  });
});

describe("renderInline", () => {
  it("returns one paragraph without its <p>", () => {
    expect(renderInline("Just *this* text")).toBe("Just <em>this</em> text");
  });

  it("keeps blocks when the text has several", () => {
    expect(renderInline("One.\n\nTwo.")).toBe("<p>One.</p>\n<p>Two.</p>");
  });

  it("sanitizes and renders math like renderMarkdown", () => {
    const html = renderInline('$x$ <img src=x onerror="alert(1)">');
    expect(html).toContain('class="katex"');
    expect(html).not.toMatch(/onerror|<img/i);
  });
});
