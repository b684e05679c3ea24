// The story page's briefing, fetched from /api/stories/{id}/brief after the page shows:
// composing it reads the story's articles, which the rest of the page does not need.
// Article text is untrusted: everything is set with textContent, never as markup.
(function () {
  "use strict";
  const section = document.getElementById("briefing");
  if (!section || !section.dataset.brief) return;
  const status = section.querySelector(".brief-status");

  function cite(articleId, number) {
    const link = document.createElement("a");
    link.className = "cite";
    link.href = "/articles/" + encodeURIComponent(articleId);
    link.title = "article " + articleId;
    link.textContent = "[" + number + "]";
    return link;
  }

  function render(brief) {
    const numbers = new Map(brief.sources.map((s) => [s.article_id, s.number]));
    let shown = 0;
    for (const part of brief.sections) {
      if (!part.sentences.length) continue;
      const heading = document.createElement("h3");
      heading.textContent = part.heading;
      section.appendChild(heading);
      let paragraph = null;
      for (const sentence of part.sentences) {
        if (!paragraph || sentence.opens_paragraph) {
          paragraph = document.createElement("p");
          paragraph.className = "briefing";
          section.appendChild(paragraph);
        }
        const span = document.createElement("span");
        span.className = "brief-sentence";
        span.textContent = sentence.text;
        for (const id of sentence.article_ids) {
          span.append(" ", cite(id, numbers.get(id) ?? "?"));
        }
        if (sentence.single_source) {
          const tag = document.createElement("span");
          tag.className = "tag";
          tag.textContent = "single source";
          span.append(" ", tag);
        }
        paragraph.append(span, " ");
        shown += 1;
      }
    }
    status.textContent = shown ? "" : "Nothing to brief yet: no dated events or claims in this story.";
    section.dataset.sentences = String(shown);
  }

  fetch(section.dataset.brief, { headers: { Accept: "application/json" } })
    .then((response) => {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(render)
    .catch((error) => { status.textContent = "The briefing could not be loaded (" + error.message + ")."; });
})();
