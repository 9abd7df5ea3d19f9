/*
 * A stand-in for office.js as Outlook loads it into a read-mode task pane, served by the tests in place of
 * https://appsforoffice.microsoft.com/lib/1/hosted/office.js. It follows the documented API, not our code's use of it:
 *
 * - Office.onReady(callback?) resolves {host: Office.HostType.Outlook, platform} once the host has initialised;
 *   Office.context exists from then on, and Office.initialize (when set) is called first, as office.js does.
 * - Office.context.mailbox.item is the selected item, or null when a pinned pane has nothing selected.
 *   getAsFileAsync([options], callback) exists only from Mailbox 1.14 on and answers asynchronously with an
 *   AsyncResult {status: "succeeded" | "failed", value: base64 EML, error: {name, message, code}, asyncContext}.
 * - Office.context.requirements.isSetSupported(name, minVersion) compares against the configured Mailbox version.
 * - Office.context.mailbox.addHandlerAsync(Office.EventType.ItemChanged, handler, [options], [callback]), and
 *   OfficeThemeChanged from Mailbox 1.14 on, whose handler gets {type: "officeThemeChanged", officeTheme}.
 * - Office.context.officeTheme (Mailbox 1.14): {bodyBackgroundColor, bodyForegroundColor, controlBackgroundColor,
 *   controlForegroundColor, themeId}, when configured.
 *
 * - Compose mode (config.composeItem, which wins over config.item): the item is an Office.MessageCompose. subject,
 *   body, to, cc and bcc are objects with getAsync/setAsync; from.getAsync (Mailbox 1.7) answers EmailAddressDetails;
 *   getAttachmentsAsync (1.8) answers AttachmentDetailsCompose {id, name, size, attachmentType, isInline,
 *   isServiceAccessible, contentId (1.16), url (cloud)}, without a content type, as documented;
 *   getAttachmentContentAsync (1.8) answers {format, content}: "base64" for files, "eml" (the message as text) for
 *   item attachments, "url" for cloud ones; saveAsync (1.3) answers the EWS id; getItemIdAsync (1.8) fails with
 *   ItemNotSaved (9046) until the draft is saved; getComposeTypeAsync (1.10); closeAsync([{discardItem}], [callback])
 *   (1.14), which on success closes the form and ends the add-in, so its callback never comes (see closed()).
 *   mailbox.displayNewMessageForm(parameters) records its parameters.
 * - Nested App Authentication (config.naa.supported): isSetSupported("NestedAppAuth", "1.1") is true and
 *   window.nestedAppAuthBridge is the bridge Outlook injects, speaking the JSON messages of MSAL's BridgeProxy:
 *   requests {messageType: "NestedAppAuthRequest", method: "GetInitContext" | "GetToken" | "GetTokenPopup", requestId,
 *   tokenParams: {clientId, authority, scope, correlationId, ...}}, answers {messageType: "NestedAppAuthResponse",
 *   requestId, success, initContext | token {access_token, id_token, expires_in, scope} + account | error {status,
 *   code, description}} through the "message" listeners. So the page's real MSAL code runs and gets config.naa's
 *   access token, or the failure the test scripted (config.naa.silent / config.naa.popup).
 *
 * The test configures it before any page script runs (globalThis.__inkanMockOfficeConfig, through addInitScript) and
 * drives it through globalThis.__inkanTestOutlook: selectItem(spec | null) switches the item and fires ItemChanged as
 * Outlook does when the reader selects another message; setOfficeTheme(theme) switches the theme and fires
 * OfficeThemeChanged as Outlook does when the user picks another Office theme. calls() lists every call into the mock
 * with the time it was made (Date.now(), the same clock as the Node side of the test); composeState() shows the
 * compose item as the page left it; closed() says whether closeAsync closed the form, and with which options.
 */
(function () {
  "use strict";

  var config = globalThis.__inkanMockOfficeConfig || {};
  var mailboxVersion = config.mailboxVersion || "1.14";
  var naa = config.naa || {};
  var NAA_VERSION = "1.1";
  var platform = config.platform || "OfficeOnline";
  var displayLanguage = config.displayLanguage || "en-US";

  var HostType = {
    Word: "Word",
    Excel: "Excel",
    PowerPoint: "PowerPoint",
    Outlook: "Outlook",
    OneNote: "OneNote",
    Project: "Project",
    Access: "Access",
  };
  var PlatformType = {
    PC: "PC",
    OfficeOnline: "OfficeOnline",
    Mac: "Mac",
    iOS: "iOS",
    Android: "Android",
    Universal: "Universal",
  };
  var AsyncResultStatus = { Succeeded: "succeeded", Failed: "failed" };
  var EventType = {
    ItemChanged: "olkItemSelectedChanged",
    RecipientsChanged: "olkRecipientsChanged",
    AttachmentsChanged: "olkAttachmentsChanged",
    OfficeThemeChanged: "officeThemeChanged",
  };
  var MailboxEnums = {
    ItemType: { Message: "message", Appointment: "appointment" },
    RestVersion: { v1_0: "v1.0", v2_0: "v2.0", Beta: "beta" },
    RecipientType: { User: "user", DistributionList: "distributionList", ExternalUser: "externalUser", Other: "other" },
    AttachmentType: { File: "file", Item: "item", Cloud: "cloud", Base64: "base64" },
    AttachmentContentFormat: { Base64: "base64", Url: "url", Eml: "eml", ICalendar: "iCalendar" },
    ComposeType: { Reply: "reply", NewMail: "newMail", Forward: "forward" },
    BodyType: { Text: "text", Html: "html" },
  };
  // The codes office.js reports for these conditions (Office.MailboxEnums / "Outlook add-in API error codes").
  var ERROR_TOKEN = {
    name: "GenericTokenError",
    message: "This test host hands out no tokens: nothing may reach Microsoft's services.",
    code: 9018,
  };
  var ERROR_ITEM_NOT_SAVED = { name: "ItemNotSaved", message: "The id can't be retrieved until the item is saved.", code: 9046 };
  var ERROR_INVALID_ATTACHMENT = { name: "InvalidAttachmentId", message: "The attachment ID was invalid.", code: 9003 };

  function versionAtLeast(have, want) {
    var a = String(have).split(".").map(Number);
    var b = String(want === undefined ? "1.1" : want).split(".").map(Number);
    for (var i = 0; i < Math.max(a.length, b.length); i++) {
      var x = a[i] || 0;
      var y = b[i] || 0;
      if (x !== y) return x > y;
    }
    return true;
  }

  function asyncResult(status, value, error, asyncContext) {
    var result = { status: status, value: value, asyncContext: asyncContext, diagnostics: undefined };
    if (error) result.error = { name: error.name, message: error.message, code: error.code };
    return result;
  }

  /** office.js's optional-argument convention: ([options], [callback]), the callback being the last function. */
  function splitArgs(args) {
    var list = Array.prototype.slice.call(args);
    var callback = typeof list[list.length - 1] === "function" ? list.pop() : undefined;
    var options = list.length > 0 && list[0] !== null && typeof list[0] === "object" ? list[0] : {};
    return { options: options, callback: callback };
  }

  /** Outlook answers on a later task, never inside the call. */
  function later(fn, ms) {
    setTimeout(fn, ms || 0);
  }

  var calls = [];

  /** Records a call into the mock, with the time it was made. */
  function record(entry) {
    entry.at = Date.now();
    calls.push(entry);
  }

  function makeItem(spec) {
    var item = {
      itemId: spec.itemId,
      itemType: MailboxEnums.ItemType.Message,
      itemClass: "IPM.Note",
      conversationId: spec.conversationId || "conversation-" + spec.itemId,
      internetMessageId: spec.internetMessageId || "<" + spec.itemId + "@mock.outlook.test>",
      subject: spec.subject || "",
      normalizedSubject: (spec.subject || "").replace(/^(re|fw|fwd):\s*/i, ""),
      from: spec.from ? { displayName: spec.from.displayName, emailAddress: spec.from.emailAddress, recipientType: "user" } : null,
      sender: spec.from ? { displayName: spec.from.displayName, emailAddress: spec.from.emailAddress, recipientType: "user" } : null,
      to: [],
      cc: [],
      attachments: [],
      dateTimeCreated: new Date(spec.dateTimeCreated || Date.now()),
      dateTimeModified: new Date(spec.dateTimeCreated || Date.now()),
    };
    if (versionAtLeast(mailboxVersion, "1.14")) {
      item.getAsFileAsync = function () {
        var a = splitArgs(arguments);
        record({ api: "getAsFileAsync", itemId: spec.itemId });
        later(function () {
          if (!a.callback) return;
          if (spec.failure) a.callback(asyncResult(AsyncResultStatus.Failed, undefined, spec.failure, a.options.asyncContext));
          else a.callback(asyncResult(AsyncResultStatus.Succeeded, spec.eml, undefined, a.options.asyncContext));
        }, spec.delayMs);
      };
    }
    return item;
  }


  var userProfile = {
    displayName: "Taro Yamada",
    emailAddress: "taro.yamada@example.co.jp",
    timeZone: "Tokyo Standard Time",
    accountType: "enterprise",
  };

  /** Answers an office.js call on a later task: the value, or the failure configured for that API. */
  function answerLater(a, failure, value, delayMs) {
    later(function () {
      if (!a.callback) return;
      if (failure) a.callback(asyncResult(AsyncResultStatus.Failed, undefined, failure, a.options.asyncContext));
      else a.callback(asyncResult(AsyncResultStatus.Succeeded, typeof value === "function" ? value() : value, undefined, a.options.asyncContext));
    }, delayMs);
  }

  function emailDetails(entry, recipientType) {
    return { displayName: entry.displayName, emailAddress: entry.emailAddress, recipientType: recipientType };
  }

  function stripHtml(html) {
    return String(html)
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, "")
      .replace(/<br\s*\/?>/gi, "\n")
      .replace(/<\/p>/gi, "\n")
      .replace(/<[^>]*>/g, "")
      .replace(/&nbsp;/g, " ")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  }

  var closedWith = null;
  /** The current compose item's contents, for composeState(); null in read mode. */
  var composeState = null;

  function makeComposeItem(spec) {
    var failures = spec.failures || {};
    var delayMs = spec.delayMs;
    var state = {
      from: spec.from || { displayName: userProfile.displayName, emailAddress: userProfile.emailAddress },
      to: (spec.to || []).slice(),
      cc: (spec.cc || []).slice(),
      bcc: (spec.bcc || []).slice(),
      subject: spec.subject || "",
      bodyHtml: spec.bodyHtml || "",
      attachments: (spec.attachments || []).slice(),
      itemId: spec.itemId || "AAMkAGE1M2IyNGNmLTk4OTItNDk0Mi1hZDUwLTM2ZGMwNjNkZmQ1MgBGAAAAAAA/draft+1=",
      saved: spec.saved === true,
    };

    function recipientsField(name) {
      return {
        getAsync: function () {
          var a = splitArgs(arguments);
          record({ api: name + ".getAsync" });
          answerLater(a, failures[name + ".getAsync"], function () {
            return state[name].map(function (r) {
              return emailDetails(r, MailboxEnums.RecipientType.ExternalUser);
            });
          }, delayMs);
        },
        setAsync: function (recipients) {
          var a = splitArgs(Array.prototype.slice.call(arguments, 1));
          record({ api: name + ".setAsync" });
          state[name] = recipients.map(function (r) {
            return typeof r === "string" ? { displayName: r, emailAddress: r } : { displayName: r.displayName, emailAddress: r.emailAddress };
          });
          answerLater(a, failures[name + ".setAsync"], undefined, delayMs);
        },
        addAsync: function (recipients) {
          var a = splitArgs(Array.prototype.slice.call(arguments, 1));
          record({ api: name + ".addAsync" });
          recipients.forEach(function (r) {
            state[name].push(typeof r === "string" ? { displayName: r, emailAddress: r } : { displayName: r.displayName, emailAddress: r.emailAddress });
          });
          answerLater(a, failures[name + ".addAsync"], undefined, delayMs);
        },
      };
    }

    function attachmentDetails(att) {
      var details = {
        id: att.id,
        name: att.name,
        size: att.size !== undefined ? att.size : att.attachmentType === "file" ? Math.floor((String(att.content).length * 3) / 4) : String(att.content).length,
        attachmentType: att.attachmentType,
        isInline: att.isInline === true,
        isServiceAccessible: true,
      };
      if (versionAtLeast(mailboxVersion, "1.16")) details.contentId = att.contentId || "";
      if (att.attachmentType === MailboxEnums.AttachmentType.Cloud) details.url = att.content;
      return details;
    }

    var item = {
      itemType: MailboxEnums.ItemType.Message,
      // A new message has no conversation until saved; a reply belongs to the original's.
      conversationId: spec.composeType === "reply" || spec.composeType === "forward" ? "conversation-" + state.itemId : null,
      subject: {
        getAsync: function () {
          var a = splitArgs(arguments);
          record({ api: "subject.getAsync" });
          answerLater(a, failures["subject.getAsync"], function () {
            return state.subject;
          }, delayMs);
        },
        setAsync: function (subject) {
          var a = splitArgs(Array.prototype.slice.call(arguments, 1));
          record({ api: "subject.setAsync" });
          state.subject = String(subject);
          answerLater(a, failures["subject.setAsync"], undefined, delayMs);
        },
      },
      body: {
        getAsync: function (coercionType) {
          var a = splitArgs(Array.prototype.slice.call(arguments, 1));
          record({ api: "body.getAsync", coercionType: coercionType });
          answerLater(a, failures["body.getAsync"], function () {
            return coercionType === Office.CoercionType.Html ? state.bodyHtml : stripHtml(state.bodyHtml);
          }, delayMs);
        },
        getTypeAsync: function () {
          var a = splitArgs(arguments);
          record({ api: "body.getTypeAsync" });
          answerLater(a, failures["body.getTypeAsync"], MailboxEnums.BodyType.Html, delayMs);
        },
        setAsync: function (data) {
          var a = splitArgs(Array.prototype.slice.call(arguments, 1));
          record({ api: "body.setAsync", coercionType: a.options.coercionType });
          state.bodyHtml = String(data);
          answerLater(a, failures["body.setAsync"], undefined, delayMs);
        },
      },
      to: recipientsField("to"),
      cc: recipientsField("cc"),
      bcc: recipientsField("bcc"),
      close: function () {
        record({ api: "close" });
      },
    };

    if (versionAtLeast(mailboxVersion, "1.3")) {
      item.saveAsync = function () {
        var a = splitArgs(arguments);
        record({ api: "saveAsync" });
        var failure = failures.saveAsync;
        if (!failure) state.saved = true;
        answerLater(a, failure, state.itemId, delayMs);
      };
    }
    if (versionAtLeast(mailboxVersion, "1.7")) {
      item.from = {
        getAsync: function () {
          var a = splitArgs(arguments);
          record({ api: "from.getAsync" });
          answerLater(a, failures["from.getAsync"], function () {
            return emailDetails(state.from, MailboxEnums.RecipientType.User);
          }, delayMs);
        },
      };
    }
    if (versionAtLeast(mailboxVersion, "1.8")) {
      item.getAttachmentsAsync = function () {
        var a = splitArgs(arguments);
        record({ api: "getAttachmentsAsync" });
        answerLater(a, failures.getAttachmentsAsync, function () {
          return state.attachments.map(attachmentDetails);
        }, delayMs);
      };
      item.getAttachmentContentAsync = function (id) {
        var a = splitArgs(Array.prototype.slice.call(arguments, 1));
        record({ api: "getAttachmentContentAsync", attachmentId: id });
        var att = state.attachments.filter(function (x) {
          return x.id === id;
        })[0];
        var failure = failures["getAttachmentContentAsync:" + id] || failures.getAttachmentContentAsync || (att ? undefined : ERROR_INVALID_ATTACHMENT);
        answerLater(a, failure, function () {
          var format =
            att.format ||
            (att.attachmentType === MailboxEnums.AttachmentType.Cloud
              ? MailboxEnums.AttachmentContentFormat.Url
              : att.attachmentType === MailboxEnums.AttachmentType.Item
                ? MailboxEnums.AttachmentContentFormat.Eml
                : MailboxEnums.AttachmentContentFormat.Base64);
          return { format: format, content: att.content };
        }, delayMs);
      };
      item.getItemIdAsync = function () {
        var a = splitArgs(arguments);
        record({ api: "getItemIdAsync" });
        answerLater(a, failures.getItemIdAsync || (state.saved ? undefined : ERROR_ITEM_NOT_SAVED), state.itemId, delayMs);
      };
    }
    if (versionAtLeast(mailboxVersion, "1.10")) {
      item.getComposeTypeAsync = function () {
        var a = splitArgs(arguments);
        record({ api: "getComposeTypeAsync" });
        answerLater(a, failures.getComposeTypeAsync, function () {
          return { composeType: spec.composeType || MailboxEnums.ComposeType.NewMail, coercionType: MailboxEnums.BodyType.Html };
        }, delayMs);
      };
    }
    if (versionAtLeast(mailboxVersion, "1.14")) {
      item.closeAsync = function () {
        var a = splitArgs(arguments);
        var discardItem = a.options.discardItem === true;
        record({ api: "closeAsync", discardItem: discardItem });
        var failure = failures.closeAsync;
        if (!failure && !discardItem && state.saved) {
          // An existing draft cannot be closed without discarding it ("The operation is not supported").
          failure = { name: "GenericResponseError", message: "The operation is not supported.", code: 9020 };
        }
        if (failure) {
          answerLater(a, failure, undefined, delayMs);
          return;
        }
        // The form closes and the add-in with it: there is no one left to call back.
        closedWith = { discardItem: discardItem, at: Date.now() };
      };
    }
    composeState = state;
    return item;
  }

  var current = config.composeItem ? makeComposeItem(config.composeItem) : config.item ? makeItem(config.item) : null;
  var handlers = [];
  var roaming = {};

  var mailbox = {
    get item() {
      return current;
    },
    userProfile: userProfile,
    diagnostics: { hostName: "OutlookWebApp", hostVersion: "20261101001.01", OWAView: "ThreeColumns" },
    ewsUrl: "https://outlook.office365.com/EWS/Exchange.asmx",
    restUrl: "https://outlook.office.com/api",
    addHandlerAsync: function (eventType, handler) {
      var a = splitArgs(Array.prototype.slice.call(arguments, 2));
      record({ api: "addHandlerAsync", eventType: eventType });
      var known =
        (eventType === EventType.ItemChanged && versionAtLeast(mailboxVersion, "1.5")) ||
        (eventType === EventType.OfficeThemeChanged && versionAtLeast(mailboxVersion, "1.14"));
      if (known && typeof handler === "function") handlers.push({ type: eventType, handler: handler });
      later(function () {
        if (!a.callback) return;
        if (known) a.callback(asyncResult(AsyncResultStatus.Succeeded, undefined, undefined, a.options.asyncContext));
        else
          a.callback(
            asyncResult(
              AsyncResultStatus.Failed,
              undefined,
              { name: "InvalidEventType", message: "The event type is not supported.", code: 5001 },
              a.options.asyncContext,
            ),
          );
      });
    },
    removeHandlerAsync: function (eventType) {
      var a = splitArgs(Array.prototype.slice.call(arguments, 1));
      record({ api: "removeHandlerAsync", eventType: eventType });
      handlers = handlers.filter(function (h) {
        return h.type !== eventType;
      });
      later(function () {
        if (a.callback) a.callback(asyncResult(AsyncResultStatus.Succeeded, undefined, undefined, a.options.asyncContext));
      });
    },
    convertToRestId: function (itemId) {
      return String(itemId).replace(/\//g, "-").replace(/\+/g, "_");
    },
    convertToEwsId: function (itemId) {
      return String(itemId).replace(/-/g, "/").replace(/_/g, "+");
    },
    displayNewMessageForm: function (parameters) {
      record({ api: "displayNewMessageForm", parameters: JSON.parse(JSON.stringify(parameters || {})) });
    },
    getCallbackTokenAsync: function () {
      var a = splitArgs(arguments);
      record({ api: "getCallbackTokenAsync" });
      later(function () {
        if (a.callback) a.callback(asyncResult(AsyncResultStatus.Failed, undefined, ERROR_TOKEN, a.options.asyncContext));
      });
    },
  };

  var context = {
    host: HostType.Outlook,
    platform: platform,
    displayLanguage: displayLanguage,
    contentLanguage: displayLanguage,
    diagnostics: { host: HostType.Outlook, platform: platform, version: "16.0.0.0" },
    officeTheme: versionAtLeast(mailboxVersion, "1.14") ? config.officeTheme : undefined,
    mailbox: mailbox,
    requirements: {
      isSetSupported: function (name, minVersion) {
        record({ api: "isSetSupported", name: name, minVersion: minVersion });
        var set = String(name).toLowerCase();
        if (set === "nestedappauth") return naa.supported === true && versionAtLeast(NAA_VERSION, minVersion);
        if (set !== "mailbox") return false;
        return versionAtLeast(mailboxVersion, minVersion);
      },
    },
    roamingSettings: {
      get: function (name) {
        return roaming[name];
      },
      set: function (name, value) {
        roaming[name] = value;
      },
      remove: function (name) {
        delete roaming[name];
      },
      saveAsync: function () {
        var a = splitArgs(arguments);
        later(function () {
          if (a.callback) a.callback(asyncResult(AsyncResultStatus.Succeeded, undefined, undefined, a.options.asyncContext));
        });
      },
    },
  };


  // ---- Nested App Authentication: the bridge MSAL's createNestablePublicClientApplication talks to ----

  /** What each scripted outcome looks like on the bridge (BridgeError: status, code, subError, description). */
  var NAA_ERRORS = {
    interaction_required: {
      status: "USER_INTERACTION_REQUIRED",
      code: "interaction_required",
      subError: "consent_required",
      description: "AADSTS65001: The user or administrator has not consented to use the application.",
    },
    user_cancel: { status: "USER_CANCEL", code: "user_cancel", description: "User cancelled the flow." },
    no_network: { status: "NO_NETWORK", code: "no_network", description: "The device is offline." },
    transient_error: {
      status: "TRANSIENT_ERROR",
      code: "temporarily_unavailable",
      description: "AADSTS90033: A transient error has occurred. Please try again.",
    },
    persistent_error: {
      status: "PERSISTENT_ERROR",
      code: "invalid_grant",
      description: "AADSTS50105: Your administrator has configured the application to block users unless they are specifically granted access.",
    },
    disabled: { status: "DISABLED", description: "Nested app authentication is turned off for this add-in." },
    account_unavailable: { status: "ACCOUNT_UNAVAILABLE", description: "No account is signed in to Outlook." },
  };

  var naaAccount = {
    username: (naa.account && naa.account.username) || userProfile.emailAddress,
    name: (naa.account && naa.account.name) || userProfile.displayName,
    tenantId: (naa.account && naa.account.tenantId) || "72f988bf-86f1-41af-91ab-2d7cd011db47",
    localAccountId: (naa.account && naa.account.localAccountId) || "5d7a9b0c-1e2f-4a3b-8c4d-6e7f8a9b0c1d",
  };

  function base64UrlJson(value) {
    var bytes = new TextEncoder().encode(JSON.stringify(value));
    var binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  /** An unsigned ID token with the claims Entra puts in one; MSAL reads the claims and checks no signature. */
  function idToken(clientId) {
    var now = Math.floor(Date.now() / 1000);
    var claims = {
      aud: clientId,
      iss: "https://login.microsoftonline.com/" + naaAccount.tenantId + "/v2.0",
      iat: now,
      nbf: now,
      exp: now + 3600,
      name: naaAccount.name,
      oid: naaAccount.localAccountId,
      preferred_username: naaAccount.username,
      sub: "mock-subject-" + naaAccount.localAccountId,
      tid: naaAccount.tenantId,
      ver: "2.0",
    };
    return base64UrlJson({ typ: "JWT", alg: "none" }) + "." + base64UrlJson(claims) + ".";
  }

  /** Each call takes the next scripted outcome; the last one repeats. */
  function nextOutcome(list) {
    if (!list || list.length === 0) return "token";
    return list.length > 1 ? list.shift() : list[0];
  }

  var silentOutcomes = (naa.silent || []).slice();
  var popupOutcomes = (naa.popup || []).slice();
  var bridgeListeners = [];

  function bridgeAnswer(request) {
    var base = { messageType: "NestedAppAuthResponse", requestId: request.requestId };
    if (request.method === "GetInitContext") {
      base.success = true;
      base.initContext = { sdkName: "mock-outlook-naa-bridge", sdkVersion: "1.0.0", capabilities: { queryAccount: false } };
      return base;
    }
    var params = request.tokenParams || {};
    var outcome = nextOutcome(request.method === "GetTokenPopup" ? popupOutcomes : silentOutcomes);
    if (outcome !== "token") {
      base.success = false;
      base.error = NAA_ERRORS[outcome] || { status: "PERSISTENT_ERROR", code: String(outcome), description: String(outcome) };
      return base;
    }
    base.success = true;
    base.token = {
      access_token: naa.accessToken || "mock-naa-access-token",
      expires_in: 3600,
      id_token: idToken(params.clientId),
      properties: null,
      scope: params.scope,
    };
    base.account = {
      homeAccountId: naaAccount.localAccountId + "." + naaAccount.tenantId,
      environment: "login.microsoftonline.com",
      tenantId: naaAccount.tenantId,
      username: naaAccount.username,
      localAccountId: naaAccount.localAccountId,
      name: naaAccount.name,
    };
    return base;
  }

  if (naa.supported === true) {
    globalThis.nestedAppAuthBridge = {
      addEventListener: function (eventName, callback) {
        if (eventName === "message" && typeof callback === "function") bridgeListeners.push(callback);
      },
      removeEventListener: function (eventName, callback) {
        bridgeListeners = bridgeListeners.filter(function (l) {
          return l !== callback;
        });
      },
      postMessage: function (message) {
        var request = JSON.parse(message);
        var params = request.tokenParams || {};
        record({
          api: "nestedAppAuthBridge",
          method: request.method,
          clientId: params.clientId,
          authority: params.authority,
          scope: params.scope,
        });
        later(function () {
          var answer = JSON.stringify(bridgeAnswer(request));
          bridgeListeners.slice().forEach(function (listener) {
            listener(answer);
          });
        }, naa.delayMs);
      },
    };
  }

  var info = { host: HostType.Outlook, platform: platform };
  var readyCallbacks = [];
  var ready = false;

  var Office = {
    HostType: HostType,
    PlatformType: PlatformType,
    AsyncResultStatus: AsyncResultStatus,
    EventType: EventType,
    MailboxEnums: MailboxEnums,
    CoercionType: { Text: "text", Html: "html" },
    SourceProperty: { Body: "body", Subject: "subject" },
    initialize: undefined,
    context: undefined,
    onReady: function (callback) {
      return new Promise(function (resolve) {
        function settle() {
          if (typeof callback === "function") callback(info);
          resolve(info);
        }
        if (ready) later(settle);
        else readyCallbacks.push(settle);
      });
    },
  };

  // office.js needs a round trip to the host before it knows where it runs.
  later(function () {
    Office.context = context;
    ready = true;
    if (typeof Office.initialize === "function") Office.initialize("");
    var waiting = readyCallbacks;
    readyCallbacks = [];
    waiting.forEach(function (settle) {
      settle();
    });
  }, config.readyDelayMs === undefined ? 20 : config.readyDelayMs);

  globalThis.Office = Office;

  globalThis.__inkanTestOutlook = {
    /** Selects another item (or none, with null) and tells the ItemChanged handlers, as the reading pane does. */
    selectItem: function (spec) {
      composeState = null;
      current = spec ? makeItem(spec) : null;
      var event = { type: EventType.ItemChanged };
      handlers
        .filter(function (h) {
          return h.type === EventType.ItemChanged;
        })
        .forEach(function (h) {
          later(function () {
            h.handler(event);
          });
        });
    },
    /** Switches the Office theme and tells the OfficeThemeChanged handlers. */
    setOfficeTheme: function (theme) {
      context.officeTheme = theme;
      var event = { type: EventType.OfficeThemeChanged, officeTheme: theme };
      handlers
        .filter(function (h) {
          return h.type === EventType.OfficeThemeChanged;
        })
        .forEach(function (h) {
          later(function () {
            h.handler(event);
          });
        });
    },
    calls: function () {
      return calls.slice();
    },
    /** The compose item as the page left it (recipients, subject, body, saved), or null in read mode. */
    composeState: function () {
      return composeState === null ? null : JSON.parse(JSON.stringify(composeState));
    },
    /** {discardItem, at} once closeAsync closed the form; null while it is open. */
    closed: function () {
      return closedWith;
    },
    handlerCount: function () {
      return handlers.length;
    },
  };
})();
