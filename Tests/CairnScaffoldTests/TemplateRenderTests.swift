import CairnCatalog
import CairnScaffold
import Testing

@Suite("Template rendering")
struct TemplateRenderTests: TemplateTesting {
    @Test("text without template syntax comes back unchanged; {{ }} is text in Backstage syntax")
    func plainText() throws {
        #expect(try render("") == "")
        #expect(try render("name: {{ not.ours }} $ { } {x}") == "name: {{ not.ours }} $ { } {x}")
        #expect(try render("a ${{ parameters.name }} {{ x }}") == "a payments-api {{ x }}")
    }

    @Test("interpolation renders values as text")
    func interpolation() throws {
        #expect(try render("Hello ${{ parameters.name }}!") == "Hello payments-api!")
        #expect(try render("${{parameters.port}}") == "8080")
        #expect(try render("${{ 3.0 }}|${{ 2.5 }}|${{ true }}|${{ parameters.missing }}|${{ null }}") == "3|2.5|true||")
        #expect(try render("${{ parameters.tags }} ${{ {a: 1, b: 'x'} }}") == #"["go","grpc"] {"a":1,"b":"x"}"#)
        #expect(try render("${{ '}}' }}${{ \"%}\" }}") == "}}%}")
        #expect(try render("multi\nline ${{\n  parameters.name\n}} end") == "multi\nline payments-api end")
    }

    @Test("if, elif, elseif, else")
    func conditionals() throws {
        let template = "{% if parameters.port > 9000 %}high{% elif parameters.port > 8000 %}mid{% else %}low{% endif %}"
        #expect(try render(template) == "mid")
        #expect(try render(template, TemplateFixture.object(["parameters": TemplateFixture.object(["port": .int(9001)])])) == "high")
        #expect(try render(template, TemplateFixture.object(["parameters": TemplateFixture.object(["port": .int(1)])])) == "low")
        #expect(try render("{% if parameters.missing %}x{% elseif true %}y{% endif %}") == "y")
        #expect(try render("[{% if false %}x{% endif %}]") == "[]")
        #expect(try render("{% if true %}{% if false %}a{% else %}b{% endif %}{% endif %}") == "b")
    }

    @Test("for: items, loop variables, else when empty")
    func loops() throws {
        #expect(try render("{% for tag in parameters.tags %}${{ loop.index }}:${{ tag }}${{ ',' if not loop.last }}{% endfor %}")
            == "1:go,2:grpc")
        #expect(try render("{% for x in ['a', 'b', 'c'] %}${{ loop.index0 }}${{ loop.first }}${{ loop.last }}${{ loop.length }}${{ loop.revindex }}${{ loop.revindex0 }} {% endfor %}")
            == "0truefalse332 1falsefalse321 2falsetrue310 ")
        #expect(try render("{% for x in parameters.empty %}x{% else %}none{% endfor %}") == "none")
        #expect(try render("{% for x in parameters.missing %}x{% else %}none{% endfor %}") == "none")
        #expect(try render("{% for x in [1] %}x{% else %}none{% endfor %}") == "x")
        #expect(try render("{% for c in 'abc' %}${{ c }}.{% endfor %}") == "a.b.c.")
    }

    @Test("for over a mapping gives key and value; pairs destructure")
    func loopsOverMappings() throws {
        #expect(try render("{% for key, value in {a: 1, b: [2]} %}${{ key }}=${{ value }};{% endfor %}") == "a=1;b=[2];")
        #expect(try render("{% for pair in {a: 1} %}${{ pair[0] }}/${{ pair[1] }}{% endfor %}") == "a/1")
        #expect(try render("{% for name, port in [['a', 1], ['b']] %}${{ name }}:${{ port }} {% endfor %}") == "a:1 b: ")
    }

    @Test("nested loops: the inner loop variable shadows the outer one")
    func nestedLoops() throws {
        let template = "{% for a in [1, 2] %}{% for b in ['x', 'y'] %}${{ a }}${{ b }}${{ loop.index }} {% endfor %}${{ loop.index }}|{% endfor %}"
        #expect(try render(template) == "1x1 1y2 1|2x1 2y2 2|")
    }

    @Test("raw and verbatim blocks are copied untouched")
    func raw() throws {
        #expect(try render("{% raw %}${{ not.evaluated }} {% if %}{# x #}{% endraw %}!") == "${{ not.evaluated }} {% if %}{# x #}!")
        #expect(try render("{% verbatim %}{% raw %}{% endverbatim %}") == "{% raw %}")
        #expect(try render("a {%- raw -%}  x  {%- endraw -%} b") == "axb")
        #expect(try render("{%raw%}${{ a }}{%endraw%}${{ parameters.port }}") == "${{ a }}8080")
    }

    @Test("comments are dropped")
    func comments() throws {
        #expect(try render("a{# comment ${{ x | nope }} {% if %} #}b") == "ab")
        #expect(try render("a {#- c -#} b") == "ab")
        #expect(try render("a\n{# c #}\nb") == "a\n\nb")
    }

    @Test("whitespace control removes whitespace and newlines on its side, exactly")
    func whitespaceControl() throws {
        #expect(try render("a\n{%- if true -%}\nb\n{%- endif %}\nc") == "ab\nc")
        #expect(try render("a\n{% if true %}\nb\n{% endif %}\nc") == "a\n\nb\n\nc")
        #expect(try render("x  ${{- parameters.name -}}  y") == "xpayments-apiy")
        #expect(try render("x \n ${{- parameters.name }} \n y") == "xpayments-api \n y")
        #expect(try render("x ${{ parameters.name -}} \n y") == "x payments-apiy")
        #expect(try render("a b {%- if true %}c{% endif %}") == "a bc")
        #expect(try render("a\n{%- if false %}x{% endif -%}\n b") == "ab")
        #expect(try render("{% for x in [1, 2] -%}\n  ${{ x }}\n{%- endfor %}") == "12")
        #expect(try render("${{ 5 -1 }}|${{ 5 - 1 }}") == "4|4")
        let list = """
            tags:
            {%- for tag in parameters.tags %}
              - ${{ tag }}
            {%- endfor %}

            """
        #expect(try render(list) == "tags:\n  - go\n  - grpc\n")
    }

    @Test("containsTemplate spots each syntax's openers")
    func containsTemplate() {
        #expect(TemplateEngine.containsTemplate("${{ x }}", syntax: .backstage))
        #expect(TemplateEngine.containsTemplate("a {% if x %}", syntax: .backstage))
        #expect(TemplateEngine.containsTemplate("a {# note #}", syntax: .backstage))
        #expect(!TemplateEngine.containsTemplate("{{ x }}", syntax: .backstage))
        #expect(!TemplateEngine.containsTemplate("plain $ { } ${ x }", syntax: .backstage))
        #expect(TemplateEngine.containsTemplate("{{ x }}", syntax: .cookiecutter))
        #expect(!TemplateEngine.containsTemplate("${ x } { {", syntax: .cookiecutter))
    }

    @Test("a realistic Backstage skeleton file")
    func backstageSkeleton() throws {
        let skeleton = """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: ${{ values.name | dump }}
              annotations:
                github.com/project-slug: ${{ values.destination.owner + "/" + values.destination.repo }}
              tags:
              {%- for tag in values.tags %}
                - ${{ tag }}
              {%- endfor %}
            spec:
              type: service
              owner: ${{ parameters.repoUrl | parseRepoUrl | pick('owner') }}
              {%- if values.description %}
              description: ${{ values.description | trim }}
              {%- endif %}
              system: ${{ values.system | default('payments') }}
              {#- a GitHub workflow expression must survive: #}
              ci: {% raw %}${{ github.sha }}{% endraw %}
            """
        let expected = """
            apiVersion: backstage.io/v1alpha1
            kind: Component
            metadata:
              name: "payments-api"
              annotations:
                github.com/project-slug: acme/payments-api
              tags:
                - go
                - grpc
            spec:
              type: service
              owner: acme
              description: Handles payments
              system: payments
              ci: ${{ github.sha }}
            """
        #expect(try render(skeleton) == expected)
    }
}
