// tmpl.cc -- the ctemplate shim; see include/returns/tmpl.h.
// The only C++ file of the project: keep it small.
#include <dirent.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include <map>
#include <unordered_map>
#include <string>

#include <ctemplate/template.h>
#include <ctemplate/template_cache.h>
#include <ctemplate/template_dictionary.h>
#include <ctemplate/template_emitter.h>

extern "C" {
#include "returns/buf.h"
#include "returns/i18n.h"
}
#include "returns/tmpl.h"

using ctemplate::TemplateDictionary;

static const char AUTOESCAPE[] = "{{%AUTOESCAPE context=\"HTML\"}}";

static inline TemplateDictionary *
D(struct tdict *d)
{
	return reinterpret_cast<TemplateDictionary *>(d);
}

static inline struct tdict *
T(TemplateDictionary *d)
{
	return reinterpret_cast<struct tdict *>(d);
}

extern "C" int
tmpl_has_autoescape(const char *text)
{
	return strncmp(text, AUTOESCAPE, sizeof(AUTOESCAPE) - 1) == 0;
}

static void
html_escape(std::string *out, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': *out += "&amp;"; break;
		case '<': *out += "&lt;"; break;
		case '>': *out += "&gt;"; break;
		case '"': *out += "&quot;"; break;
		case '\'': *out += "&#39;"; break;
		default: *out += *s;
		}
}

static std::string
cache_key(const char *tpl, enum lang l)
{
	std::string k(tpl);
	k += '@';
	k += lang_code(l);
	return k;
}

/* Replaces [[key]] with the catalogue text; false with err on a key that
 * no catalogue has. */
static bool
localize(const std::string &src, enum lang l, std::string *out,
    const char *name, char *err, size_t errlen)
{
	size_t i = 0;

	out->clear();
	while (i < src.size()) {
		size_t a = src.find("[[", i);
		if (a == std::string::npos) {
			out->append(src, i, std::string::npos);
			break;
		}
		size_t b = src.find("]]", a + 2);
		if (b == std::string::npos) {
			snprintf(err, errlen, "%s: unclosed [[", name);
			return false;
		}
		out->append(src, i, a - i);
		std::string key = src.substr(a + 2, b - a - 2);
		if (!i18n_has(l, key.c_str())) {
			snprintf(err, errlen, "%s: no message '%s' in %s", name,
			    key.c_str(), lang_code(l));
			return false;
		}
		html_escape(out, i18n_get(l, key.c_str()));
		i = b + 2;
	}
	return true;
}

/* Every template's text per language, [[keys]] replaced: kept from
 * start-up, parsed at its first use. The master of a pre-forked server
 * reads and checks them all; each worker parses only what it expands
 * (a parsed template is ten times its text: all of them, in both
 * languages, would be 1.5 MB in every worker, and a customer's label
 * worker needs four). */
namespace {
struct text {
	std::string src;
	bool parsed;
};
}
static std::map<std::string, text> *texts;

/* The template in the default cache; false if no such template. */
static bool
ensure(const std::string &key)
{
	if (texts == NULL)
		return false;
	std::map<std::string, text>::iterator it = texts->find(key);
	if (it == texts->end())
		return false;
	if (!it->second.parsed) {
		if (!ctemplate::mutable_default_template_cache()->
		    StringToTemplateCache(key, it->second.src,
		    ctemplate::STRIP_BLANK_LINES))
			return false;
		it->second.parsed = true;
	}
	return true;
}

extern "C" enum rerr
tmpl_load(const char *dir, char *err, size_t errlen)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	enum rerr e = E_OK;
	std::map<std::string, text> *all = new std::map<std::string, text>;

	if (d == NULL) {
		snprintf(err, errlen, "cannot open template directory %s", dir);
		delete all;
		return E_SYS;
	}
	{
	/* parsed once here to refuse a broken template at start-up, then
	 * thrown away */
	ctemplate::TemplateCache check;
	while (e == E_OK && (de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		if (n < 5 || strcmp(de->d_name + n - 4, ".tpl") != 0)
			continue;
		std::string path = std::string(dir) + "/" + de->d_name;
		FILE *f = fopen(path.c_str(), "r");
		if (f == NULL) {
			snprintf(err, errlen, "cannot read %s", path.c_str());
			e = E_SYS;
			break;
		}
		std::string src;
		char chunk[8192];
		size_t got;
		while ((got = fread(chunk, 1, sizeof(chunk), f)) > 0)
			src.append(chunk, got);
		fclose(f);
		if (!tmpl_has_autoescape(src.c_str())) {
			snprintf(err, errlen, "%s does not start with %s",
			    path.c_str(), AUTOESCAPE);
			e = E_INVALID;
			break;
		}
		for (int l = 0; l < LANG__MAX && e == E_OK; l++) {
			text t;
			t.parsed = false;
			if (!localize(src, (enum lang)l, &t.src, de->d_name,
			    err, errlen)) {
				e = E_INVALID;
				break;
			}
			std::string key = cache_key(de->d_name, (enum lang)l);
			if (!check.StringToTemplateCache(key, t.src,
			    ctemplate::STRIP_BLANK_LINES)) {
				snprintf(err, errlen, "%s: ctemplate cannot "
				    "parse it", path.c_str());
				e = E_INVALID;
			}
			(*all)[key] = t;
		}
	}
	}
	closedir(d);
	if (e != E_OK) {
		delete all;
		return e;
	}
	delete texts;
	texts = all;
	/* the checking cache's memory back to the system before the
	 * workers fork */
	malloc_trim(0);
	return E_OK;
}

extern "C" enum rerr
tmpl_load_share(const char *share, char *err, size_t errlen)
{
	std::string dir = std::string(share) + "/i18n";
	enum rerr e = i18n_load(dir.c_str(), err, errlen);

	if (e != E_OK)
		return e;
	dir = std::string(share) + "/templates";
	return tmpl_load(dir.c_str(), err, errlen);
}

/* A dictionary key with its ctemplate id computed once: every key the
 * code names is a literal (static storage), so its address stands for
 * it; any other text (a key made at run time) is hashed as usual. */
static ctemplate::TemplateString
K(const char *k)
{
	static std::unordered_map<const char *,
	    ctemplate::StaticTemplateString> ids;

	if (!ctemplate::TemplateString(k).is_immutable())
		return ctemplate::TemplateString(k);
	std::unordered_map<const char *,
	    ctemplate::StaticTemplateString>::iterator it = ids.find(k);
	if (it == ids.end()) {
		ctemplate::StaticTemplateString s = { { k, strlen(k),
		    ctemplate::kIllegalTemplateId } };
		it = ids.insert(std::make_pair(k, s)).first;
		ctemplate::StaticTemplateStringInitializer init(&it->second);
	}
	return ctemplate::TemplateString(it->second);
}

extern "C" struct tdict *
tdict_new(void)
{
	return T(new TemplateDictionary("page"));
}

extern "C" void
tdict_free(struct tdict *d)
{
	delete D(d);
}

extern "C" void
tdict_set(struct tdict *d, const char *k, const char *v)
{
	D(d)->SetValue(K(k), v ? v : "");
}

extern "C" void
tdict_set_nocopy(struct tdict *d, const char *k, const char *v)
{
	D(d)->SetValueWithoutCopy(K(k), v ? v : "");
}

extern "C" void
tdict_set_int(struct tdict *d, const char *k, long long v)
{
	D(d)->SetFormattedValue(K(k), "%lld", v);
}

extern "C" void
tdict_set_global(struct tdict *d, const char *k, const char *v)
{
	D(d)->SetTemplateGlobalValue(k, v ? v : "");
}

extern "C" void
tdict_show(struct tdict *d, const char *section)
{
	D(d)->ShowSection(K(section));
}

extern "C" struct tdict *
tdict_add_section(struct tdict *d, const char *section)
{
	return T(D(d)->AddSectionDictionary(K(section)));
}

extern "C" struct tdict *
tdict_add_include(struct tdict *d, const char *name, const char *tpl,
    enum lang l)
{
	TemplateDictionary *c = D(d)->AddIncludeDictionary(name);
	std::string key = cache_key(tpl, l);

	ensure(key);	/* an unknown one expands to nothing */
	c->SetFilename(key);
	return T(c);
}

namespace {
class BufEmitter : public ctemplate::ExpandEmitter {
	struct buf *b_;
public:
	explicit BufEmitter(struct buf *b) : b_(b) {}
	void Emit(char c) { buf_putc(b_, c); }
	void Emit(const std::string &s) { buf_append(b_, s.data(), s.size()); }
	void Emit(const char *s) { buf_puts(b_, s); }
	void Emit(const char *s, size_t n) { buf_append(b_, s, n); }
};
}

extern "C" enum rerr
tdict_expand(struct tdict *d, const char *tpl, enum lang l, struct buf *out)
{
	BufEmitter em(out);
	std::string key = cache_key(tpl, l);

	/* every template and include is in the cache before this: nothing
	 * is read from the disk */
	if (!ensure(key) || !ctemplate::mutable_default_template_cache()->
	    ExpandWithData(key, ctemplate::STRIP_BLANK_LINES, D(d), NULL, &em))
		return E_NOTFOUND;
	return E_OK;
}
