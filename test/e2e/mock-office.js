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
 * The test configures it before any page script runs (globalThis.__inkanMockOfficeConfig, through addInitScript) and
 * drives it through globalThis.__inkanTestOutlook: selectItem(spec | null) switches the item and fires ItemChanged as
 * Outlook does when the reader selects another message; setOfficeTheme(theme) switches the theme and fires
 * OfficeThemeChanged as Outlook does when the user picks another Office theme.
 */
(function () {
  "use strict";

  var config = globalThis.__inkanMockOfficeConfig || {};
  var mailboxVersion = config.mailboxVersion || "1.14";
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
  };
  // The codes office.js reports for these conditions (Office.MailboxEnums / "Outlook add-in API error codes").
  var ERROR_TOKEN = {
    name: "GenericTokenError",
    message: "This test host hands out no tokens: nothing may reach Microsoft's services.",
    code: 9018,
  };

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
        calls.push({ api: "getAsFileAsync", itemId: spec.itemId });
        later(function () {
          if (!a.callback) return;
          if (spec.failure) a.callback(asyncResult(AsyncResultStatus.Failed, undefined, spec.failure, a.options.asyncContext));
          else a.callback(asyncResult(AsyncResultStatus.Succeeded, spec.eml, undefined, a.options.asyncContext));
        }, spec.delayMs);
      };
    }
    return item;
  }

  var current = config.item ? makeItem(config.item) : null;
  var handlers = [];
  var roaming = {};

  var mailbox = {
    get item() {
      return current;
    },
    userProfile: {
      displayName: "Taro Yamada",
      emailAddress: "taro.yamada@example.co.jp",
      timeZone: "Tokyo Standard Time",
      accountType: "enterprise",
    },
    diagnostics: { hostName: "OutlookWebApp", hostVersion: "20261101001.01", OWAView: "ThreeColumns" },
    ewsUrl: "https://outlook.office365.com/EWS/Exchange.asmx",
    restUrl: "https://outlook.office.com/api",
    addHandlerAsync: function (eventType, handler) {
      var a = splitArgs(Array.prototype.slice.call(arguments, 2));
      calls.push({ api: "addHandlerAsync", eventType: eventType });
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
      calls.push({ api: "removeHandlerAsync", eventType: eventType });
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
    getCallbackTokenAsync: function () {
      var a = splitArgs(arguments);
      calls.push({ api: "getCallbackTokenAsync" });
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
        calls.push({ api: "isSetSupported", name: name, minVersion: minVersion });
        if (String(name).toLowerCase() !== "mailbox") return false;
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
    handlerCount: function () {
      return handlers.length;
    },
  };
})();
