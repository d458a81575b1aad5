/*
 * AidGraph GraphiQL sign-in (served by the gateway at /graphiql/assets/signin.<hash>.js; plain browser script).
 * It asks for a token before GraphiQL starts (or mints a development one by role, in development only), checks it with
 * the gateway, keeps it in localStorage across reloads, and starts GraphiQL with it: every request carries it, the
 * schema's introspection included, unless the Headers tab sets its own Authorization. GraphiQL persists the Headers
 * tab itself (shouldPersistHeaders). The functions under `AidGraphSignIn` are pure and tested by the gateway's tests.
 */
(function (root) {
  'use strict';

  /** The localStorage key of the signed-in token. */
  var TOKEN_KEY = 'aidgraph:graphiql:token';
  /** GraphiQL's own localStorage keys (namespace `graphiql`) that hold request headers. */
  var GRAPHIQL_HEADERS_KEY = 'graphiql:headers';
  var GRAPHIQL_TABS_KEY = 'graphiql:tabState';

  /** A pasted token without a `Bearer ` prefix, quotes or surrounding blanks. */
  function normalizeToken(text) {
    return String(text || '')
      .trim()
      .replace(/^["']|["']$/g, '')
      .replace(/^bearer\s+/i, '')
      .trim();
  }

  /** The claims of a JWT (not verified: the gateway verifies), or null when it cannot be read. */
  function decodeClaims(token) {
    var parts = String(token).split('.');
    if (parts.length !== 3) return null;
    try {
      var b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
      while (b64.length % 4) b64 += '=';
      var json = decodeURIComponent(
        Array.prototype.map
          .call(root.atob(b64), function (c) {
            return '%' + ('00' + c.charCodeAt(0).toString(16)).slice(-2);
          })
          .join(''),
      );
      var claims = JSON.parse(json);
      return claims && typeof claims === 'object' ? claims : null;
    } catch (e) {
      return null;
    }
  }

  /** Why a token cannot be used (a sentence), or null when it looks usable at `nowSeconds`. */
  function tokenProblem(token, nowSeconds) {
    if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) return 'This is not a token: a token is three base64url parts separated by dots.';
    var claims = decodeClaims(token);
    if (!claims) return 'This token cannot be read.';
    if (typeof claims.exp !== 'number') return 'This token has no expiry; the gateway refuses it.';
    if (claims.exp <= nowSeconds + 30) return 'This token expired at ' + new Date(claims.exp * 1000).toLocaleString() + '.';
    return null;
  }

  function hasAuthorization(headers) {
    if (!headers || typeof headers !== 'object') return false;
    return Object.keys(headers).some(function (k) {
      return k.toLowerCase() === 'authorization';
    });
  }

  /** The Authorization header to add to a request whose own (Headers tab) headers are `headers`: none when they set one. */
  function authorizationFor(headers, token) {
    return hasAuthorization(headers) || !token ? {} : { Authorization: 'Bearer ' + token };
  }

  /** A JSON headers text without its Authorization entries (text that is not a JSON object is kept as it is). */
  function withoutAuthorization(text) {
    var headers;
    try {
      headers = JSON.parse(text);
    } catch (e) {
      return text;
    }
    if (!headers || typeof headers !== 'object' || Array.isArray(headers) || !hasAuthorization(headers)) return text;
    Object.keys(headers).forEach(function (k) {
      if (k.toLowerCase() === 'authorization') delete headers[k];
    });
    return JSON.stringify(headers, null, 2);
  }

  /**
   * On a new sign-in: drop an Authorization header (an older token) from GraphiQL's persisted headers and tabs, so the
   * new token is the one sent. Other headers stay.
   */
  function forgetStoredAuthorization(storage) {
    var headers = storage.getItem(GRAPHIQL_HEADERS_KEY);
    if (headers) storage.setItem(GRAPHIQL_HEADERS_KEY, withoutAuthorization(headers));
    var tabsText = storage.getItem(GRAPHIQL_TABS_KEY);
    if (!tabsText) return;
    try {
      var state = JSON.parse(tabsText);
      if (state && Array.isArray(state.tabs)) {
        state.tabs.forEach(function (tab) {
          if (tab && typeof tab.headers === 'string') tab.headers = withoutAuthorization(tab.headers);
        });
        storage.setItem(GRAPHIQL_TABS_KEY, JSON.stringify(state));
      }
    } catch (e) {
      /* not GraphiQL's format: leave it */
    }
  }

  root.AidGraphSignIn = {
    TOKEN_KEY: TOKEN_KEY,
    normalizeToken: normalizeToken,
    decodeClaims: decodeClaims,
    tokenProblem: tokenProblem,
    authorizationFor: authorizationFor,
    withoutAuthorization: withoutAuthorization,
    forgetStoredAuthorization: forgetStoredAuthorization,
  };

  var doc = root.document;
  var settingsElement = doc && doc.getElementById('aidgraph-graphiql-settings');
  if (!settingsElement) return;
  var settings = JSON.parse(settingsElement.textContent);
  var storage = root.localStorage;

  // GraphiQL's editor (Monaco) starts its workers from these same-origin files
  root.MonacoEnvironment = {
    globalAPI: false,
    getWorkerUrl: function (_moduleId, label) {
      return settings.workers[label] || settings.workers.editorWorkerService;
    },
  };

  function el(tag, attrs, children) {
    var e = doc.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), attrs[k]);
      else e.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c) e.appendChild(typeof c === 'string' ? doc.createTextNode(c) : c);
    });
    return e;
  }

  /** Ask the gateway whether it accepts the token: null when it does, else its message. */
  function checkWithGateway(token) {
    return root
      .fetch(settings.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token },
        body: JSON.stringify({ query: 'query AidGraphSignInCheck { __typename }' }),
      })
      .then(function (res) {
        return res.json().then(function (body) {
          if (body && body.data && body.data.__typename) return null;
          var error = body && body.errors && body.errors[0];
          return error ? error.message : 'The gateway answered HTTP ' + res.status + '.';
        });
      })
      .catch(function () {
        return 'The gateway cannot be reached.';
      });
  }

  function describe(claims) {
    var who = claims.role + (claims.village ? ' ' + claims.village : claims.township ? ' ' + claims.township : '') + (claims.department ? ' ' + claims.department : '');
    return who + ' · ' + claims.sub + ' · until ' + new Date(claims.exp * 1000).toLocaleString();
  }

  /** Run once GraphiQL's script (deferred: it runs before DOMContentLoaded) has loaded. */
  function whenGraphiQLLoaded(run) {
    if (root.YogaGraphiQL) return run();
    var done = false;
    var once = function () {
      if (done || !root.YogaGraphiQL) return;
      done = true;
      run();
    };
    doc.addEventListener('DOMContentLoaded', once);
    root.addEventListener('load', once);
  }

  function startGraphiQL(token) {
    var claims = decodeClaims(token);
    var signin = doc.getElementById('aidgraph-signin');
    signin.className = 'aidgraph-bar';
    signin.textContent = '';
    signin.appendChild(el('span', { text: describe(claims) }));
    signin.appendChild(
      el('button', {
        type: 'button',
        text: 'Copy token',
        onclick: function () {
          if (root.navigator.clipboard) root.navigator.clipboard.writeText(token);
        },
      }),
    );
    signin.appendChild(
      el('button', {
        type: 'button',
        text: 'Sign out',
        onclick: function () {
          storage.removeItem(TOKEN_KEY);
          root.location.reload();
        },
      }),
    );
    whenGraphiQLLoaded(function () {
      var props = {};
      Object.keys(settings.graphiql).forEach(function (k) {
        props[k] = settings.graphiql[k];
      });
      props.endpoint = settings.endpoint;
      // sent with every request, introspection included: the token, unless the Headers tab sets its own Authorization
      props.additionalHeaders = function (request) {
        return authorizationFor(request && request.extensions && request.extensions.headers, token);
      };
      root.YogaGraphiQL.renderYogaGraphiQL(doc.getElementById('root'), props);
    });
  }

  function signIn(token, showError) {
    token = normalizeToken(token);
    var problem = tokenProblem(token, Date.now() / 1000);
    if (problem) return showError(problem);
    return checkWithGateway(token).then(function (refused) {
      if (refused) return showError('The gateway refuses this token: ' + refused);
      if (storage.getItem(TOKEN_KEY) !== token) forgetStoredAuthorization(storage);
      storage.setItem(TOKEN_KEY, token);
      startGraphiQL(token);
    });
  }

  function showForm(message) {
    var signin = doc.getElementById('aidgraph-signin');
    signin.className = 'aidgraph-signin';
    signin.textContent = '';
    var error = el('p', { class: 'aidgraph-error', role: 'alert', text: message || '' });
    var showError = function (text) {
      error.textContent = text;
    };
    var pasted = el('textarea', { id: 'aidgraph-token', rows: '4', placeholder: 'eyJhbGciOi…', spellcheck: 'false', autocomplete: 'off' });
    var form = el(
      'form',
      {
        onsubmit: function (event) {
          event.preventDefault();
          signIn(pasted.value, showError);
        },
      },
      [
        el('label', { for: 'aidgraph-token', text: 'Paste your token' }),
        el('p', { class: 'aidgraph-hint' }, [
          'Every request to AidGraph needs a bearer token from the city\u2019s identity provider',
          settings.devSignIn ? ', or in development from ' : '.',
          settings.devSignIn ? el('code', { text: settings.tokenCommand }) : null,
          settings.devSignIn ? '.' : null,
        ]),
        pasted,
        el('button', { type: 'submit', text: 'Use this token' }),
      ],
    );
    var panel = el('div', { class: 'aidgraph-panel' }, [el('h1', { text: 'AidGraph GraphiQL — sign in' }), error, form]);
    var dev = settings.devSignIn;
    if (dev) {
      var role = el(
        'select',
        { id: 'aidgraph-role' },
        dev.roles.map(function (r) {
          return el('option', { value: r, text: r });
        }),
      );
      role.value = 'analyst';
      var township = el(
        'select',
        { id: 'aidgraph-township' },
        dev.townships.map(function (t) {
          return el('option', { value: t.code, text: t.code + ' ' + t.name });
        }),
      );
      var department = el(
        'select',
        { id: 'aidgraph-department' },
        dev.departments.map(function (d) {
          return el('option', { value: d, text: d });
        }),
      );
      // a village assistant's village: 12 digits, its township's 9 and the village's 3 (the gateway checks it)
      var village = el('input', {
        id: 'aidgraph-village',
        type: 'text',
        inputmode: 'numeric',
        pattern: '[0-9]{12}',
        maxlength: '12',
        placeholder: dev.townships[0].code + '001',
        title: '12 digits: a township code and the village\u2019s 3',
      });
      var townshipRow = el('label', {}, ['Township ', township]);
      var villageRow = el('label', {}, ['Village ', village]);
      var departmentRow = el('label', {}, ['Department ', department]);
      var sync = function () {
        townshipRow.hidden = role.value !== 'caseworker' && role.value !== 'township_approver';
        villageRow.hidden = role.value !== 'village_assistant';
        departmentRow.hidden = role.value !== 'department_officer';
      };
      role.addEventListener('change', sync);
      sync();
      var devForm = el(
        'form',
        {
          onsubmit: function (event) {
            event.preventDefault();
            var body = { role: role.value };
            if (role.value === 'caseworker' || role.value === 'township_approver') body.township = township.value;
            if (role.value === 'village_assistant') body.village = village.value.trim();
            if (role.value === 'department_officer') body.department = department.value;
            root
              .fetch(dev.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
              .then(function (res) {
                return res.json();
              })
              .then(function (answer) {
                if (answer && answer.token) return signIn(answer.token, showError);
                showError((answer && answer.errors && answer.errors[0] && answer.errors[0].message) || 'No token was issued.');
              })
              .catch(function () {
                showError('The gateway cannot be reached.');
              });
          },
        },
        [
          el('h2', { text: 'Development sign-in' }),
          el('p', { class: 'aidgraph-hint', text: 'A development token for a role (valid ' + dev.maxAge + ' at most; development mode only).' }),
          el('label', {}, ['Role ', role]),
          townshipRow,
          villageRow,
          departmentRow,
          el('button', { type: 'submit', text: 'Sign in' }),
        ],
      );
      panel.appendChild(devForm);
    }
    signin.appendChild(panel);
  }

  var stored = storage.getItem(TOKEN_KEY);
  if (stored && !tokenProblem(stored, Date.now() / 1000)) {
    checkWithGateway(stored).then(function (refused) {
      if (refused) {
        storage.removeItem(TOKEN_KEY);
        showForm('Your saved token is no longer accepted: ' + refused);
      } else startGraphiQL(stored);
    });
  } else {
    if (stored) storage.removeItem(TOKEN_KEY);
    showForm(stored ? tokenProblem(stored, Date.now() / 1000) + ' Sign in again.' : '');
  }
})(typeof window !== 'undefined' ? window : globalThis);
