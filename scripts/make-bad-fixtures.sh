#!/usr/bin/env bash
# Regenerates the small nasty inputs in fixtures/bad/ (tests/bad_inputs.rs runs
# them). The big ones (a 20 MB line, a 10 MB CSV cell) are not kept in the
# repository: the tests generate them in a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/../fixtures/bad"

# regressions/ also holds crash inputs saved from the fuzzers: keep them.
rm -rf postings csv jsonl lexicons
mkdir -p postings csv jsonl lexicons regressions

# repeat STRING N: STRING N times, no separator.
repeat() {
    local s=$1 n=$2 out=
    while [ "$n" -gt 0 ]; do
        out+=$s
        n=$((n - 1))
    done
    printf '%s' "$out"
}

# --- posting files (rolecall classify) -------------------------------------
: >postings/empty.txt
printf '   \n\t\r\n \f \n' >postings/whitespace-only.txt
printf 'Engineering Manager\0\0 lead a team of engineers\n' >postings/nul-bytes.txt
printf 'Engineering Manager \xff\xfe lead a \xc3\x28 team of engineers \xed\xa0\x80 one-on-ones\n' \
    >postings/invalid-utf8.txt
printf 'Senior Product Manager\r\nOwn the product roadmap.\r\nTalk to customers.\r\n' >postings/crlf.txt
printf '\xef\xbb\xbfEngineering Manager: lead a team of engineers.\n' >postings/utf8-bom.txt
# UTF-16LE with a byte-order mark: ASCII text becomes NUL-interleaved bytes.
printf '\xff\xfeE\0n\0g\0i\0n\0e\0e\0r\0i\0n\0g\0 \0M\0a\0n\0a\0g\0e\0r\0\n\0' >postings/utf16le-bom.txt
printf '\xfe\xff\0E\0n\0g\0i\0n\0e\0e\0r\0i\0n\0g\0 \0M\0a\0n\0a\0g\0e\0r\0\n' >postings/utf16be-bom.txt
printf '\x01\x02\x1b[31mEngineering Manager\x1b[0m\x7f\x08\x0b lead engineers\n' >postings/control-chars.txt
printf '<p>Engineering <b class="x Manager <script>never closed' >postings/unclosed-tag.html
{
    printf '{"title": "CTO", "description": '
    repeat '[' 5000
    repeat ']' 5000
    printf '}\n'
} >postings/deep-nesting.json
printf '{"title": "CTO", "description": "Run engineering' >postings/truncated.json
printf '{"title": "CTO", "description": "\\ud800 lone surrogate"}\n' >postings/lone-surrogate.json
printf '{"title": "CTO", "description": 42}\n' >postings/description-not-string.json
printf '[{"description": "an array, not an object"}]\n' >postings/top-level-array.json

# --- CSV (rolecall csv) ----------------------------------------------------
: >csv/empty.csv
printf 'id,description,description,title\n1,Lead a team of engineers,Line cook,Engineering Manager\n2,,Own the roadmap,\n' \
    >csv/duplicate-header.csv
printf 'id,title,description\r\n1,Engineering Manager,"Lead engineers,\r\nrun one-on-ones"\r\n2,Cook,Grill\r\n' \
    >csv/crlf.csv
printf 'id,title,description\n1,CTO,Run engineering\n2\n3,,\n4,Cook\n5,Nurse,Care,extra,fields\n' >csv/ragged.csv
printf 'id,description\n1,"never closed\n2,Engineering Manager\n' >csv/unbalanced-quote.csv
printf 'id,description\n1,Engineering \xff Manager\n2,caf\xe9\n' >csv/invalid-utf8.csv
printf 'id,description\n1,Engineering\0Manager\n2,"quoted\0nul"\n' >csv/nul-bytes.csv
printf '\xef\xbb\xbfid,description\n1,Engineering Manager\n' >csv/utf8-bom.csv
printf 'id,title\n1,no text column here\n' >csv/no-text-column.csv
printf '\n\n\n' >csv/blank-lines.csv

# --- JSON Lines (rolecall jsonl) -------------------------------------------
{
    printf '{"id": 1, "description": "Engineering Manager leading a team of engineers"}\n'
    printf '{not json\n'
    printf '\n'
    printf '   \t\n'
    printf '{"id": 2, "description": "Own the product roadmap"}\r\n'
    printf '[1, 2, 3]\n'
    printf '"just a string"\n'
    printf '{"id": 3, "title": "no text field"}\n'
    printf '{"id": 4, "description": 42}\n'
    printf '{"id": 5, "description": "invalid \xff\xfe UTF-8 inside"}\n'
    printf '{"id": 6, "description": "raw\0NUL"}\n'
    printf '{"id": 7, "description": '
    repeat '[' 1000
    repeat ']' 1000
    printf '}\n'
    printf '{"id": 9, "description": "last good line, no newline at the end"}'
} >jsonl/mixed.jsonl

# --- lexicon folders (rolecall lexicons check) -----------------------------
# Each file's problem is on a known line: tests/bad_inputs.rs checks file:line.
lex() { mkdir -p "lexicons/$1" && cat >"lexicons/$1/$2"; }

lex good product_manager.json <<'EOF'
{
  "role": "product_manager",
  "terms": [
    {"term": "product manager", "weight": 8, "category": "title"},
    {"term": "roadmap", "weight": 2, "category": "deliverable"}
  ]
}
EOF

lex bad-json product_manager.json <<'EOF'
{
  "role": "product_manager",
  "terms": [
    {"term": "product manager", "weight": 8, "category": "title"},
  ]
}
EOF

lex duplicate-terms product_manager.json <<'EOF'
{
  "role": "product_manager",
  "terms": [
    {"term": "roadmap", "weight": 2, "category": "deliverable"},
    {"term": "product manager", "weight": 8, "category": "title"},
    {"term": "Roadmap", "weight": 1, "category": "deliverable"}
  ]
}
EOF

lex invalid-regex technical_program_manager.json <<'EOF'
{
  "role": "technical_program_manager",
  "terms": [
    {"term": "milestones", "weight": 1.5, "category": "deliverable"},
    {"regex": "\\bTPM(s?\\b", "weight": 6, "category": "title"}
  ]
}
EOF

lex misplaced-people technology_manager.json <<'EOF'
{
  "role": "technology_manager",
  "terms": [
    {"term": "direct reports", "weight": 2, "category": "people"},
    {"term": "one-on-ones", "weight": 2, "category": "people", "shared_with": ["technical_program_manager"]}
  ]
}
EOF
lex misplaced-people technical.json <<'EOF'
{
  "role": "technical",
  "terms": [
    {"term": "system design", "weight": 2, "category": "people"}
  ]
}
EOF

lex empty-term technology_manager.json <<'EOF'
{
  "role": "technology_manager",
  "terms": [
    {"term": "engineering manager", "weight": 8, "category": "title"},
    {"term": "", "weight": 1, "category": "skill"},
    {"term": "cto", "variants": ["   "], "weight": 8, "category": "title"},
    {"regex": "", "weight": 1, "category": "skill"}
  ]
}
EOF

# Several problems in several files: every one is reported.
lex many-problems other.json <<'EOF'
{
  "role": "other",
  "terms": [
    {"term": "line cook", "weight": 0, "category": "title"},
    {"term": "nurse", "weight": 3, "category": "job"},
    {"term": "x", "weight": 1, "category": "skill", "colour": "red"}
  ]
}
EOF
lex many-problems product_manager.json <<'EOF'
{
  "role": "product_manager",
  "terms": [
    {"term": "roadmap", "regex": "road", "weight": 2, "category": "deliverable"},
    {"weight": 2, "category": "deliverable"},
    {"term": "tpm", "weight": 2, "category": "title", "shared_with": ["chef"]}
  ]
}
EOF
lex many-problems zz_duplicate_role.json <<'EOF'
{"role": "product_manager", "terms": []}
EOF
lex many-problems unknown_role.json <<'EOF'
{"role": "chef", "terms": []}
EOF

{
    printf '{"role": "product_manager", "terms": ['
    repeat '[' 10000
    repeat ']' 10000
    printf ']}\n'
} | lex deep-nesting product_manager.json

printf '{"role": "product_manager", "terms": [{"term": "caf\xe9", "weight": 1, "category": "skill"}]}\n' |
    lex invalid-utf8 product_manager.json
printf '\xff\xfe{\0"\0r\0o\0l\0e\0"\0:\0 \0"\0o\0t\0h\0e\0r\0"\0}\0\n\0' | lex utf16 other.json
: | lex empty-file product_manager.json
# Valid (the weight is finite) but large enough to overflow a score to infinity.
printf '{"role": "product_manager", "terms": [{"term": "roadmap", "weight": 1e308, "category": "deliverable"}]}\n' |
    lex huge-weight product_manager.json
# --- known bugs (tests marked #[ignore] until fixed; run with --lexicons lexicons/good) ---
# A bullet before a job title in the text: src/context.rs slices inside the 3-byte '•'.
printf 'Requirements:\n\xe2\x80\xa2 Product Manager experience\n' >regressions/bullet-before-title.txt
# Text offsets must index the file itself (README): a BOM shifts them by 3 bytes,
# invalid UTF-8 by 2 bytes per replaced byte.
printf '\xef\xbb\xbfProduct Manager, roadmap\n' >regressions/bom-offsets.txt
# A lone surrogate escape: serde_json rejects the line; the output must still be JSON.
printf '{"id": 1, "description": "roadmap"}\n{"id": 2, "description": "\\ud800 lone surrogate"}\n' \
    >regressions/lone-surrogate.jsonl
printf 'Product Manager \xff\xfe roadmap\n' >regressions/invalid-utf8-offsets.txt

echo "regenerated $(find . -type f | wc -l) files in fixtures/bad"
